"""keras functions: (to do)"""
