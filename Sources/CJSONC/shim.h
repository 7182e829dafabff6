#ifndef PAGING_CJSONC_SHIM_H
#define PAGING_CJSONC_SHIM_H
#include <json-c/json.h>
#endif
