"""一键通设备申请 (举手制): an elder or her family applies (seed 001 §二、§四), the centre decides
what she will pay from eligibility.yaml (seed 002 §二, 附件), the street office reviews, and the
installer visits strictly in the order people applied (按报名先后顺序约定时间上门安装)."""
