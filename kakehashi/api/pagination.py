"""Cursor pagination: page 1,000 costs what page 1 does (an indexed range, no OFFSET)."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"
