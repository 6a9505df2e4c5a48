// Debian's libsecp256k1-dev (0.2.0 on bookworm): the core API plus the recovery module.
#include <secp256k1.h>
#include <secp256k1_recovery.h>
