"""Integrity supervision (clauses 20–21): signals of fraud found in the platform's activity data."""
