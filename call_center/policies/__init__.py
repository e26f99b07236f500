"""养老政策: the catalog (data), who qualifies (rules over an elder's facts), and telling her
(政策找人, seed 000 §三(二)3(6)) — pushed by the worker, asked for in 政策查询 (3(5))."""
