"""Turning a submitted request into a booking: registration and rides through providers,
reminders and status messages for the elder. Consultation and help wait for an agent."""
