"""The product's own token for a signed-in phone or browser: a signed, expiring pointer to a
``logins`` row (itsdangerous, Flask's own signer). Nothing inside it is a secret — not the
WeChat session key, not the centre's family token; ending the row ends the token at once."""
from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "onekey-mp-login"


class LoginTokens:
    def __init__(self, secret: str, ttl_s: int):
        self.ttl_s = ttl_s
        self.signer = URLSafeTimedSerializer(secret, salt=SALT)

    def issue(self, login_id: str) -> str:
        return self.signer.dumps(login_id)

    def read(self, token: str | None) -> str | None:
        """The login id, or None for a forged, altered or expired token."""
        if not token or len(token) > 512:
            return None
        try:
            value = self.signer.loads(token, max_age=self.ttl_s)
        except (SignatureExpired, BadSignature):
            return None
        return value if isinstance(value, str) else None
