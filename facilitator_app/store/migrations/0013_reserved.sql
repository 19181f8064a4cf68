-- Reserved for the stores branch (issue 10); a placeholder so the wipe branch runs
-- on its own. Drop this file when merging: the stores branch brings the real 0013.
SELECT 1;
