-- Reserved for the erasure branch (issue 10); a placeholder so the wipe branch runs
-- on its own. Drop this file when merging: the erasure branch brings the real 0012.
SELECT 1;
