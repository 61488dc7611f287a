/*
 * test_sched_credit.c - the credit and round-robin schedulers on the sim
 * clock: runnability, fairness by weight, caps, boost, rr, idle, destroy.
 *
 * Environment: hosted only (cmocka + sim, ASan/UBSan).
 *
 * The "CPU" here is a loop: pick, advance the sim clock by the slice,
 * account the slice to the vCPU that ran (or count it idle).
 */
#include "unit.h"
#include <domain.h>
#include <sched_credit.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xtime.h>
#include <sim_hc.h>
#include "public/sched.h"

#define ARENA (64 * 1024)
#define MS(n) ((uint64_t)(n) * 1000000ULL)
#define SEC(n) ((uint64_t)(n) * 1000000000ULL)
#define NDOM 3

static struct domain *dom[NDOM];
static struct vcpu *cpu_prev;           /* cpu_run: the vCPU that ran last */

static int
setup(void **state)
{
    sim_hc_world_init(512, 1, ARENA);
    dom[0] = domain_table[0];
    dom[1] = domain_table[1];
    dom[2] = sim_hc_domain_new(2, false, 1, ARENA);
    assert_non_null(dom[2]);
    assert_int_equal(sched_select("credit"), 0);
    sched_reset();
    cpu_prev = NULL;
    /* domain_create sets up the scheduler state; if not, do it here. */
    for (unsigned int i = 0; i < NDOM; i++) {
        if (dom[i]->sched == NULL)
            assert_int_equal(sched_init_domain(dom[i]), 0);
        if (dom[i]->vcpu[0]->sched == NULL)
            assert_int_equal(sched_init_vcpu(dom[i]->vcpu[0]), 0);
        assert_true(dom[i]->vcpu[0]->is_up);
    }
    return 0;
}

static int
teardown(void **state)
{
    for (unsigned int i = 0; i < NDOM; i++)
        sched_destroy_domain(dom[i]);
    sched_reset();
    sim_hc_world_fini();
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static struct vcpu *
v0(unsigned int i)
{
    return dom[i]->vcpu[0];
}

static uint64_t
run_ns(unsigned int i)
{
    struct sched_vcpu_stats st;

    sched_vcpu_stats(v0(i), &st);
    return st.run_ns;
}

/* The CPU loop for total ns from now; returns the idle time. */
static uint64_t
cpu_run(uint64_t total)
{
    uint64_t end = arch_now_ns() + total, idle = 0;

    while (arch_now_ns() < end) {
        uint64_t slice = 0;
        struct vcpu *v = sched_pick_next(arch_now_ns(), cpu_prev, &slice);

        assert_true(slice > 0 && slice <= SCHED_SLICE_NS);
        slice = MIN(slice, end - arch_now_ns());    /* the run ends at end */
        sim_time_advance(slice);
        if (v != NULL)
            sched_account(v, slice);
        else
            idle += slice;
        cpu_prev = v;
    }
    return idle;
}

/* Share of d in per mille of total ns. */
static unsigned int
permille(uint64_t part, uint64_t total)
{
    return (unsigned int)((part * 1000 + total / 2) / total);
}

static void
assert_share(uint64_t part, uint64_t total, unsigned int want_pm, unsigned int tol_pm)
{
    unsigned int got = permille(part, total);

    assert_true(got + tol_pm >= want_pm && got <= want_pm + tol_pm);
}

/* ---- tests ---- */

static void
test_params(void **state)
{
    unsigned int w, c;

    sched_get_params(dom[0], &w, &c);
    assert_int_equal(w, 256);
    assert_int_equal(c, 0);
    assert_int_equal(sched_set_params(dom[0], 0, 0), -EINVAL);
    assert_int_equal(sched_set_params(dom[0], 65536, 0), -EINVAL);
    assert_int_equal(sched_set_params(dom[0], 256, 101), -EINVAL);
    sched_get_params(dom[0], &w, &c);
    assert_int_equal(w, 256);
    assert_int_equal(c, 0);
    assert_int_equal(sched_set_params(dom[0], 1, 100), 0);
    assert_int_equal(sched_set_params(dom[1], 65535, 0), 0);
    sched_get_params(dom[0], &w, &c);
    assert_int_equal(w, 1);
    assert_int_equal(c, 100);
    sched_destroy_domain(dom[2]);
    assert_int_equal(sched_set_params(dom[2], 256, 0), -EINVAL);
    sched_get_params(dom[2], &w, &c);
    assert_int_equal(w, 0);
    assert_int_equal(c, 0);
    assert_int_equal(sched_init_vcpu(v0(2)), -EINVAL);      /* no domain state */
    assert_int_equal(sched_init_domain(dom[0]), -EEXIST);
    assert_int_equal(sched_init_vcpu(v0(0)), -EEXIST);
}

static void
test_select(void **state)
{
    assert_string_equal(sched_name(), "credit");
    assert_int_equal(sched_select("rr"), 0);
    assert_string_equal(sched_name(), "rr");
    assert_int_equal(sched_select("credit2"), -EINVAL);
    assert_int_equal(sched_select(""), -EINVAL);
    assert_int_equal(sched_select(NULL), -EINVAL);
    assert_string_equal(sched_name(), "rr");
    assert_int_equal(sched_select("credit"), 0);
}

static void
test_runnable_transitions(void **state)
{
    struct vcpu *v = v0(1);

    assert_true(sched_vcpu_runnable(v));
    v->is_blocked = true;
    assert_false(sched_vcpu_runnable(v));
    v->is_blocked = false;
    v->is_up = false;
    assert_false(sched_vcpu_runnable(v));
    v->is_up = true;
    dom[1]->is_paused = true;
    assert_false(sched_vcpu_runnable(v));
    dom[1]->is_paused = false;
    dom[1]->is_shut_down = true;
    assert_false(sched_vcpu_runnable(v));
    dom[1]->is_shut_down = false;
    dom[1]->is_crashed = true;
    assert_false(sched_vcpu_runnable(v));
    dom[1]->is_crashed = false;
    dom[1]->is_dying = true;
    assert_false(sched_vcpu_runnable(v));
    dom[1]->is_dying = false;
    assert_true(sched_vcpu_runnable(v));
}

/* Only dom1 runnable: picked; paused: idle; unpaused and woken: picked. */
static void
test_paused_and_blocked_not_picked(void **state)
{
    uint64_t slice;

    v0(0)->is_blocked = true;
    v0(2)->is_up = false;
    assert_ptr_equal(sched_pick_next(0, NULL, &slice), v0(1));
    dom[1]->is_paused = true;
    assert_null(sched_pick_next(MS(1), v0(1), &slice));
    assert_true(slice > 0);
    dom[1]->is_paused = false;
    sched_wake(v0(1));
    assert_true(sched_need_resched());          /* idle CPU: go and run it */
    assert_ptr_equal(sched_pick_next(MS(2), NULL, &slice), v0(1));
    assert_false(sched_need_resched());
    /* Blocking through SCHEDOP_block takes it off the CPU. */
    current = v0(1);
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);
    assert_true(v0(1)->is_blocked);
    assert_true(sched_need_resched());
    assert_null(sched_pick_next(MS(3), v0(1), &slice));
    assert_true(vcpu_unblock(v0(0)));
    assert_ptr_equal(sched_pick_next(MS(4), NULL, &slice), v0(0));
}

static void
test_idle_when_nothing_runnable(void **state)
{
    uint64_t slice = 0;

    for (unsigned int i = 0; i < NDOM; i++)
        v0(i)->is_blocked = true;
    assert_null(sched_pick_next(0, NULL, &slice));
    assert_true(slice > 0 && slice <= SCHED_SLICE_NS);
    assert_int_equal(cpu_run(SEC(1)), SEC(1));
    for (unsigned int i = 0; i < NDOM; i++)
        assert_int_equal(run_ns(i), 0);
}

/* 3 always-runnable vCPUs, weights 256/512/1024, 10 s: 1/7, 2/7, 4/7. */
static void
test_fairness_by_weight(void **state)
{
    static const unsigned int weight[NDOM] = { 256, 512, 1024 };
    static const unsigned int want_pm[NDOM] = { 143, 286, 571 };   /* 1/7 2/7 4/7 */
    uint64_t total = 0;

    for (unsigned int i = 0; i < NDOM; i++)
        assert_int_equal(sched_set_params(dom[i], weight[i], 0), 0);
    assert_int_equal(cpu_run(SEC(10)), 0);
    for (unsigned int i = 0; i < NDOM; i++)
        total += run_ns(i);
    assert_int_equal(total, SEC(10));
    for (unsigned int i = 0; i < NDOM; i++) {
        struct sched_vcpu_stats st;

        sched_vcpu_stats(v0(i), &st);
        print_message("sched fairness: weight %4u share %.4f (want %.4f) "
                      "scheduled %llu times\n", weight[i],
                      (double)run_ns(i) / (double)total, (double)(1U << i) / 7.0,
                      (unsigned long long)st.nr_scheduled);
        assert_share(run_ns(i), total, want_pm[i], 50 * want_pm[i] / 1000);
    }
}

/* Equal weights: equal shares. */
static void
test_fairness_equal(void **state)
{
    assert_int_equal(cpu_run(SEC(3)), 0);
    for (unsigned int i = 0; i < NDOM; i++)
        assert_share(run_ns(i), SEC(3), 333, 17);
}

/* Cap 25% alone: 25% run, 75% idle. */
static void
test_cap_alone(void **state)
{
    uint64_t idle;

    v0(0)->is_blocked = true;
    v0(2)->is_blocked = true;
    assert_int_equal(sched_set_params(dom[1], 256, 25), 0);
    idle = cpu_run(SEC(10));
    print_message("sched cap 25%% alone: share %.4f, idle %.4f\n",
                  (double)run_ns(1) / (double)SEC(10), (double)idle / (double)SEC(10));
    assert_share(run_ns(1), SEC(10), 250, 12);
    assert_int_equal(run_ns(1) + idle, SEC(10));
}

/* Cap 25% against an uncapped domain of equal weight: 25% / 75%. */
static void
test_cap_with_competitor(void **state)
{
    v0(2)->is_blocked = true;
    assert_int_equal(sched_set_params(dom[1], 256, 25), 0);
    assert_int_equal(cpu_run(SEC(10)), 0);
    print_message("sched cap 25%% vs uncapped: shares %.4f / %.4f\n",
                  (double)run_ns(1) / (double)SEC(10), (double)run_ns(0) / (double)SEC(10));
    assert_share(run_ns(1), SEC(10), 250, 12);
    assert_share(run_ns(0), SEC(10), 750, 12);
}

/* A vCPU woken from SCHEDOP_block preempts a CPU hog (BOOST). */
static void
test_wake_boost_preempts(void **state)
{
    struct sched_vcpu_stats st;
    uint64_t slice;
    struct vcpu *v;

    current = v0(2);
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);
    assert_int_equal(cpu_run(SEC(1)), 0);       /* dom0 and dom1 share */
    v = sched_pick_next(arch_now_ns(), cpu_prev, &slice);
    assert_true(v == v0(0) || v == v0(1));
    sim_time_advance(MS(2));
    assert_false(sched_need_resched());
    assert_true(vcpu_unblock(v0(2)));           /* its event arrives */
    sched_vcpu_stats(v0(2), &st);
    assert_int_equal(st.pri, SCHED_PRI_BOOST);
    assert_true(sched_need_resched());
    sched_account(v, MS(2));
    assert_ptr_equal(sched_pick_next(arch_now_ns(), v, &slice), v0(2));
    /* After its run the boost is gone. */
    sim_time_advance(MS(1));
    sched_account(v0(2), MS(1));
    sched_vcpu_stats(v0(2), &st);
    assert_int_not_equal(st.pri, SCHED_PRI_BOOST);
    assert_int_equal(st.nr_scheduled, 1);
    assert_int_equal(st.run_ns, MS(1));
    /* Waking a vCPU that is already runnable gives no boost. */
    assert_int_equal(sched_set_params(dom[2], 256, 0), 0);
    sim_time_advance(SCHED_ACCT_PERIOD_NS);     /* a refill: UNDER again */
    v = sched_pick_next(arch_now_ns(), v0(2), &slice);
    sched_vcpu_stats(v0(2), &st);
    assert_int_equal(st.pri, SCHED_PRI_UNDER);
    sched_wake(v0(2));
    sched_vcpu_stats(v0(2), &st);
    assert_int_equal(st.pri, SCHED_PRI_UNDER);
}

/* SCHEDOP_yield from the running vCPU asks for a pick at its next exit, and
 * the pick prefers another runnable vCPU of the same priority; a yield by a
 * vCPU that is not the running one changes nothing.  (Before, yield
 * returned 0 and the yielder kept the CPU until its slice ended.) */
static void
test_yield_gives_the_cpu_away(void **state)
{
    uint64_t slice;
    struct vcpu *v, *w;

    current = v0(2);
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);     /* dom0, dom1 */
    v = sched_pick_next(arch_now_ns(), NULL, &slice);
    assert_true(v == v0(0) || v == v0(1));
    assert_false(sched_need_resched());
    current = (v == v0(0)) ? v0(1) : v0(0);                  /* not running */
    assert_int_equal(do_sched_op(SCHEDOP_yield, 0), 0);
    assert_false(sched_need_resched());
    current = v;
    assert_int_equal(do_sched_op(SCHEDOP_yield, 0), 0);
    assert_true(sched_need_resched());
    sim_time_advance(MS(1));
    sched_account(v, MS(1));
    w = sched_pick_next(arch_now_ns(), v, &slice);
    assert_ptr_equal(w, v == v0(0) ? v0(1) : v0(0));
    assert_false(sched_need_resched());
    /* Alone on the CPU, a yielder is picked again. */
    current = v0(1);
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);
    current = v0(0);
    v = sched_pick_next(arch_now_ns(), w, &slice);
    assert_ptr_equal(v, v0(0));
    assert_int_equal(do_sched_op(SCHEDOP_yield, 0), 0);
    assert_true(sched_need_resched());
    assert_ptr_equal(sched_pick_next(arch_now_ns(), v, &slice), v0(0));
}

/* An I/O-bound vCPU (1 ms of work, then block until its next event every
 * 10 ms) next to two hogs: it runs as soon as it wakes. */
static void
test_io_bound_latency(void **state)
{
    unsigned int late = 0, wakes = 0;
    uint64_t slice;
    struct vcpu *prev = NULL;

    current = v0(2);
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);
    for (unsigned int t = 0; t < 1000; t++) {
        struct vcpu *v;

        /* Each 10 ms: the event comes in, the arch reschedules. */
        if (t % 10 == 0 && vcpu_unblock(v0(2)))
            wakes++;
        if (sched_need_resched() || prev == NULL || t % 10 == 0) {
            v = sched_pick_next(arch_now_ns(), prev, &slice);
            if (t % 10 == 0 && v0(2)->is_blocked == false && v != v0(2))
                late++;
        } else {
            v = prev;
        }
        sim_time_advance(MS(1));
        sched_account(v, MS(1));
        if (v == v0(2)) {
            v0(2)->is_blocked = true;           /* its work done: block */
            sched_sleep(v0(2));
        }
        prev = v;
    }
    print_message("sched io-bound: %u wakes, %u not run at once, share %.4f\n",
                  wakes, late, (double)run_ns(2) / (double)SEC(1));
    assert_int_equal(wakes, 100);
    assert_int_equal(late, 0);
}

/* sched=rr: every runnable vCPU in turn, weights ignored. */
static void
test_rr_alternates(void **state)
{
    struct vcpu *prev = NULL, *first = NULL;
    uint64_t slice;

    assert_int_equal(sched_select("rr"), 0);
    assert_int_equal(sched_set_params(dom[0], 65535, 0), 0);
    v0(2)->is_blocked = true;
    for (unsigned int i = 0; i < 10; i++) {
        struct vcpu *v = sched_pick_next(arch_now_ns(), prev, &slice);

        assert_true(v == v0(0) || v == v0(1));
        if (first == NULL)
            first = v;
        assert_ptr_equal(v, i % 2 == 0 ? first : (first == v0(0) ? v0(1) : v0(0)));
        assert_int_equal(slice, SCHED_SLICE_NS);
        sim_time_advance(slice);
        sched_account(v, slice);
        prev = v;
    }
    assert_int_equal(run_ns(0), run_ns(1));
    v0(0)->is_blocked = true;
    v0(1)->is_blocked = true;
    assert_null(sched_pick_next(arch_now_ns(), prev, &slice));
    assert_int_equal(sched_select("credit"), 0);
}

/* Destroying a vCPU while it waits, or while it runs. */
static void
test_destroy_while_queued(void **state)
{
    uint64_t slice;
    struct vcpu *v, *run;
    unsigned int ri, wi;

    run = sched_pick_next(0, NULL, &slice);
    assert_true(run == v0(0) || run == v0(1));
    ri = run == v0(0) ? 0 : 1;
    wi = 1 - ri;
    sched_destroy_domain(dom[wi]);              /* the other one waits */
    assert_null(dom[wi]->sched);
    assert_null(v0(wi)->sched);
    v = run;
    for (unsigned int i = 0; i < 20; i++) {
        v = sched_pick_next(MS(i), v, &slice);
        assert_true(v == run || v == v0(2));
        sched_account(v, MS(1));
    }
    sched_wake(v0(wi));                         /* ignored: no state */
    sched_account(v0(wi), MS(1));
    sched_destroy_vcpu(v0(2));                  /* another, and again */
    sched_destroy_vcpu(v0(2));
    v = sched_pick_next(MS(30), v, &slice);
    assert_ptr_equal(v, run);
    sched_destroy_domain(dom[ri]);              /* the running one */
    assert_true(sched_need_resched());
    assert_null(sched_pick_next(MS(31), NULL, &slice));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_params),
        T(test_select),
        T(test_runnable_transitions),
        T(test_paused_and_blocked_not_picked),
        T(test_idle_when_nothing_runnable),
        T(test_fairness_by_weight),
        T(test_fairness_equal),
        T(test_cap_alone),
        T(test_cap_with_competitor),
        T(test_wake_boost_preempts),
        T(test_yield_gives_the_cpu_away),
        T(test_io_bound_latency),
        T(test_rr_alternates),
        T(test_destroy_while_queued),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
