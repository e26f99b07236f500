"""Signing a family member in: WeChat ``jscode2session`` (wechatpy), 随申办 OAuth 2.0 (Authlib),
and the product's own signed, expiring token the phone keeps (``tokens``)."""
