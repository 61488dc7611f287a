/*
 * spec/public/hvm_params.h - indices for HVMOP_set_param / HVMOP_get_param.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/hvm/params.h, written anew.  A
 * PVH/HVM guest finds its xenstore and console rings here (a PV guest
 * finds them in start_info instead).  Indices reserved for the toolstack
 * only are listed for completeness; guests should not set them.
 */
#ifndef XENOLITH_PUBLIC_HVM_PARAMS_H
#define XENOLITH_PUBLIC_HVM_PARAMS_H

#include "hvm_op.h"

/*
 * How event upcalls reach vCPU 0: 0 disables them; otherwise bits 63:56
 * hold a HVM_PARAM_CALLBACK_TYPE_* and the low bits its operand.
 */
#define HVM_PARAM_CALLBACK_IRQ             0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK   0xFF00000000000000ULL
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT  56   /* xenolith's name for 63:56 */
#define HVM_PARAM_CALLBACK_TYPE_GSI        0    /* low bits: GSI (not 0)     */
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX   1    /* seg 47:32, bus 31:16,
                                                   devfn 15:8, INTx 1:0     */
#define HVM_PARAM_CALLBACK_TYPE_VECTOR     2    /* x86: vector in 7:0       */

#define HVM_PARAM_STORE_PFN                1    /* xenstore ring GFN        */
#define HVM_PARAM_STORE_EVTCHN             2    /* xenstore event channel   */
#define HVM_PARAM_PAE_ENABLED              4    /* deprecated */
#define HVM_PARAM_IOREQ_PFN                5
#define HVM_PARAM_BUFIOREQ_PFN             6
#define HVM_PARAM_VIRIDIAN                 9
#define HVM_PARAM_TIMER_MODE              10
#define HVM_PARAM_HPET_ENABLED            11
#define HVM_PARAM_IDENT_PT                12    /* EPT identity map for CR0.PG=0 */
#define HVM_PARAM_DM_DOMAIN               13    /* deprecated */
#define HVM_PARAM_ACPI_S_STATE            14
#define HVM_PARAM_VM86_TSS                15
#define HVM_PARAM_VPT_ALIGN               16
#define HVM_PARAM_CONSOLE_PFN             17    /* console ring GFN         */
#define HVM_PARAM_CONSOLE_EVTCHN          18    /* console event channel    */
#define HVM_PARAM_ACPI_IOPORTS_LOCATION   19
#define HVM_PARAM_NESTEDHVM               24    /* deprecated */
#define HVM_PARAM_BUFIOREQ_EVTCHN         26    /* deprecated */
#define HVM_PARAM_PAGING_RING_PFN         27
#define HVM_PARAM_MONITOR_RING_PFN        28
#define HVM_PARAM_SHARING_RING_PFN        29
#define HVM_PARAM_TRIPLE_FAULT_REASON     31    /* SHUTDOWN_* on triple fault */
#define HVM_PARAM_IOREQ_SERVER_PFN        32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES   33
#define HVM_PARAM_VM_GENERATION_ID_ADDR   34
#define HVM_PARAM_ALTP2M                  35
#define HVM_PARAM_X87_FIP_WIDTH           36
#define HVM_PARAM_VM86_TSS_SIZED          37
#define HVM_PARAM_MCA_CAP                 38
#define HVM_NR_PARAMS                     39

/* HVM_PARAM_TIMER_MODE values */
#define HVMPTM_delay_for_missed_ticks     0
#define HVMPTM_no_delay_for_missed_ticks  1
#define HVMPTM_no_missed_ticks_pending    2
#define HVMPTM_one_missed_tick_pending    3

#endif /* XENOLITH_PUBLIC_HVM_PARAMS_H */
