// Debian's libsqlite3-dev (3.40.1 on bookworm): the SQLite C API, the one SQLite in the process.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: "copy the bytes before returning".
static inline sqlite3_destructor_type merit_sqlite_transient(void) { return SQLITE_TRANSIENT; }
