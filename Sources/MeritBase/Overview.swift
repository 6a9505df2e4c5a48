// MeritBase: what every Merit module shares, with no dependency but the standard library.
//
// Lives here: the JSON value with its exact parser (line and column in errors, duplicate keys refused,
// numbers kept as text) and its deterministic writer, hex, short escaped excerpts for messages, the
// injected millisecond clock, random ids, and the one version constant (`MeritVersion.current`).
