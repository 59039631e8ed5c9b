-- Placeholder on branch e-faults only: version 0004 belongs to another branch. DELETE THIS FILE
-- when merging (the other branch's 0004 takes its place); migrations must run 1..N without gaps.
SELECT 1;
