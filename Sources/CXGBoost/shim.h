#ifndef MERIT_CXGBOOST_SHIM_H
#define MERIT_CXGBOOST_SHIM_H
#include <xgboost/c_api.h>
#endif
