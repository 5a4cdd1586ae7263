"""The engine: parse -> resolve -> facts -> source tables -> pivot -> target tables -> skeleton -> text."""
