"""Kivy pieces shared by the kiosk and the TV app (DESIGN.md §2: imported only by those two).

Nothing here is specific to one front end: the Simplified Chinese font, the speech sink the
apps talk to, background calls that hand their answers back on the UI thread, and the registry
that finds a view class (with its ``.kv`` beside it) for a screen kind. Importing this package
does not import Kivy; each module imports what it needs.
"""
