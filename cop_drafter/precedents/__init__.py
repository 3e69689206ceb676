"""precedents"""
