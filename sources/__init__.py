"""Where new documents come from: an inbox folder, HTTP(S) URL lists and the paths given on the
command line (plain functions, no Prefect). Import the modules themselves (`sources.http`,
`sources.inbox`, `sources.paths`): the package imports nothing, so the light ones stay light."""
