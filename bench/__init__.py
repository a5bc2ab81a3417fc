"""`make bench`: how fast and how flat in memory the feeds, the feed URL, the admin, the API and imports are.

Every measurement runs in a child process of its own (``bench.child``), so its peak RSS is its own and nothing
one measurement loaded stays in memory for the next. The parent (``bench.run``) prepares the databases, starts
the children, takes medians over repeats and writes ``bench/results/<timestamp>.json`` and ``.md``.
"""
