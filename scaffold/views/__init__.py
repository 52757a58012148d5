"""Views: managed regions of a note that ``scaffold render`` fills from the vault.

A region is a pair of HTML comments with a query in the first; everything between them is
written by scaffold (a GFM table or a list) and nothing outside them is touched.
"""
