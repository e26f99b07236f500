"""Patrol visits (巡视探访): seed 001 §三(一)2 joins the emergency call with patrol visits on one
platform (统一管理、统一服务标准、统一服务内容、统一服务监管), and §四 has the provider 提供上门巡视及居家养老服务.

- :mod:`.plans` — who is visited and how often: by rule, or as an agent set it for her;
- :mod:`.schedule` — the visits due, made by the worker's sweep exactly once per period, the
  elder told the evening before who comes, an overdue one put in the agents' queue;
- :mod:`.records` — a visit recorded by whoever went, and what it leads to;
- :mod:`.supervision` — planned, done, on time, missed, per street and provider and month
  (seed 001 §五(三): 区民政局…定期对服务内容、服务质量…进行抽查).
"""
