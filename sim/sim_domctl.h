/*
 * sim_domctl.h - test controls of the sim's domctl arch hooks
 * (sim_domctl.c).
 *
 * Environment: hosted only.
 *
 * The sim machine reports XL_PHYSCAP_pv | hvm | svm | hap unless a test
 * sets other capabilities; without XL_PHYSCAP_hvm, creating a PVH or HVM
 * domain fails with -EOPNOTSUPP, as on a machine without SVM or VMX.
 */
#ifndef XL_SIM_DOMCTL_H
#define XL_SIM_DOMCTL_H

#include <stdint.h>
#include "public/xl_domctl.h"

#define SIM_DOMCTL_DEFAULT_CAPS \
    (XL_PHYSCAP_pv | XL_PHYSCAP_hvm | XL_PHYSCAP_svm | XL_PHYSCAP_hap)

void sim_domctl_set_caps(uint32_t caps);

#endif /* XL_SIM_DOMCTL_H */
