"""服务监管 (seed 001 §（三）): return visits after a service is done, complaints about a
provider's service, and the per-month, per-provider numbers the console shows."""
