"""Alerts to family phones as WeChat subscribe messages: the centre's events (``follower``)
become rows of a durable outbox (``outbox``), sent once each by ``sender`` through outages
(``worker`` runs both); ``templates`` shapes the messages, ``subscriptions`` keeps who allowed
which message."""
