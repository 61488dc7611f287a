/*
 * asm/time.h - PIT, local APIC and the hypervisor tick.
 *
 * Where it runs: hypervisor only.  time_init() masks the legacy PICs,
 * enables the local APIC, calibrates its timer (and the TSC) against PIT
 * channel 2, and starts a periodic tick at HZ.  `jiffies` counts ticks.
 */
#ifndef ASM_X86_TIME_H
#define ASM_X86_TIME_H

#include <stdint.h>

extern volatile uint64_t jiffies;
extern uint64_t tsc_khz;            /* 0 until calibrated */

void time_init(void);
void timer_interrupt(void);
void lapic_eoi(void);
void udelay(uint64_t us);
uint64_t uptime_ms(void);
uint64_t arch_now_ns(void);

#endif /* ASM_X86_TIME_H */
