"""养老服务"一件事" (seed 003, 沪民养老发〔2024〕18号): the twelve matters told at once, and the
joint application for the three joined ones (评估, 补贴, 入住养老机构), each part handled by its
own desk and tracked in one place."""
