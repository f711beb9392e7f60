"""Possible duplicates (疑似重复): scored candidate pairs, their review, and merging files.

A pair is a roster import row and a registered person the linkage could not decide, or two
registered files that may be one human (``tongxin find-duplicates``). A person decides each
pair: the same person or not; the decision is remembered so the pair is not asked again.
Deciding that two files are one merges them, keeping every row and its history; a
supervisor can unmerge.
"""
