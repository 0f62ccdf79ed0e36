#!/usr/bin/env python
"""Kept for tools that expect manage.py; `kakehashi` is the command to use."""

from kakehashi.manage import main

if __name__ == "__main__":
    main()
