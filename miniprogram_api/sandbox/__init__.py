"""Stand-ins for WeChat's server API and 随申办's OAuth 2.0 server: real HTTP servers on
127.0.0.1 that behave like the real ones where the back end depends on it (one-time codes,
errcodes, token expiry, subscribe-message formats and opt-ins, PKCE), for the embedded demo
and the tests. Never a production dependency: deployments point the settings elsewhere."""
