# proofs/proofs.mk - Frama-C WP proofs of the portable core, one target per
# module, and the EVA run over the hypercall driver.
#
# Included by the top-level GNUmakefile (BUILD, Q).  Targets:
#   proofs             every module below; writes $(BUILD)/proofs-summary.txt
#                      ("proofs: N passed, M failed", N = modules fully proved
#                      at or above their baseline) and fails if any module did
#   proofs-<module>    one module: $(BUILD)/proofs/<module>.{log,json,result}
#   proofs-baseline    rewrite proofs/baselines/*.json from the last run
#                      (only for modules that PASSed; commit the result)
#   eva                EVA over proofs/eva_driver.c: $(BUILD)/proofs/eva.log
# A module is a list of sources and the functions proved in them; callees
# outside the list are used through their contracts (assumed, see
# proofs/README.md).  WP_TIMEOUT (s per goal per prover; a module may set its
# own, proofs_<m>_TIMEOUT) and WP_PAR (default:
# nproc) may be set on the command line.  No proof cache: every run proves.

PROOF_OUT := $(BUILD)/proofs
PROOF_SRC := src/hv/common

PROOF_MODULES := symbols guest_access vm_assist memmap page_alloc elf_loader \
	sched_credit masks page_type event domctl domctl_priv grant_table \
	domain hypercall grant_ops event_ops pv_mmu pv_mmuext elf_notes \
	version domctl_ops sysctl console_io schedule cmdline \
	cmdline_lemmas xmalloc grant_decode event_virq xtime event_decode grant_map domctl_invoke domctl_build \
	pt_frames event_bind pt_types timers cmdline_set pt_entries event_close elf_parse elf_place \
	cmdline_loop cmdline_frame cmdline_apply grant_ref_tail grant_ref grant_copy grant_map_one grant_put pv_put grant_copy_dest pt_put pt_l1e hc_adapters grant_disp grant_copy_finish \
	event_reset event_close_all pt_put_entry grant_batch grant_copy_run grant_copy_one

proofs_symbols_SRCS      := $(PROOF_SRC)/symbols.c
proofs_symbols_FCTS      := symbols_lookup
proofs_guest_access_SRCS := proofs/guest_access.c
proofs_guest_access_FCTS := guest_range_ok proof_guest_range_ok
proofs_vm_assist_SRCS    := $(PROOF_SRC)/vm_assist.c
proofs_vm_assist_FCTS    := do_vm_assist
proofs_memmap_SRCS       := $(PROOF_SRC)/memmap.c
proofs_memmap_FCTS       := memmap_add memmap_total memmap_type_name type_rank \
	alloc_candidate
proofs_page_alloc_SRCS   := $(PROOF_SRC)/page_alloc.c
proofs_page_alloc_FCTS   := mfn_valid mfn_to_page page_to_mfn free_buddy range_order
proofs_elf_loader_SRCS   := $(PROOF_SRC)/elf_loader.c
# elf_loader, elf_notes: every read of the image goes through elf_u8/elf_le
# (typed little-endian loads at checked offsets); elf_notes is the note
# parsing.  elf_fail (va_list formatting) and elf_xen_feature_bit (the name
# table) by assumed contracts (README).
proofs_elf_loader_FCTS   := elf_range_ok elf_paddr_of elf_u8 elf_le elf_u16 elf_u32 \
	elf_u64 elf_strnlen elf_align_up elf_phent_size elf_shent_size elf_read_ehdr \
	elf_parse_ehdr elf_check_ident elf_check_type elf_check_phdr_table elf_read_phdr \
	elf_check_wrap elf_check_shdr_table elf_read_shdr \
	elf_image_is elf_has_section elf_segment_file
# elf_place, elf_parse: what elf_parse accepts is elf_info_valid.  elf_place:
# every kept segment inside the image (elf_add_load/elf_scan_phdrs, moved
# here from elf_loader), placed without wrap (elf_place_segment(s)), kept so
# by the sort (elf_seg_put: one slot at a time).  elf_parse: the steps in
# order, the typed clear of *info (elf_info_clear), the steps after the
# notes, and elf_load's two calls (the file bytes inside the image); the
# callbacks through elf_call_copy/elf_call_zero, trusted (README).
proofs_elf_place_SRCS    := $(PROOF_SRC)/elf_loader.c
proofs_elf_place_FCTS    := elf_add_load elf_scan_phdrs elf_place_segment elf_seg_put \
	elf_sort_segments elf_place_segments
proofs_elf_parse_SRCS    := $(PROOF_SRC)/elf_loader.c
proofs_elf_parse_FCTS    := elf_parse elf_info_clear elf_note_present elf_note_str_is \
	elf_check_xen elf_segment_at elf_check_entry elf_check_hypercall_page \
	elf_check_entries elf_load
proofs_elf_notes_SRCS    := $(PROOF_SRC)/elf_loader.c
proofs_elf_notes_FCTS    := elf_note_name elf_note_kind elf_note_u64 elf_note_numeric \
	elf_feature_token elf_note_features elf_note_str elf_note_string elf_xen_note \
	elf_note_is_xen elf_scan_note elf_scan_note_area elf_note_align \
	elf_scan_phdr_notes elf_scan_section_notes elf_find_notes
proofs_sched_credit_SRCS := $(PROOF_SRC)/sched_credit.c
proofs_sched_credit_FCTS := sched_set_params sched_get_params sched_vcpu_runnable \
	cap_budget_ns
# masks: no function list, so its goals are the lemmas of prelude.h.
proofs_masks_SRCS        := proofs/masks.c
proofs_masks_FCTS        :=
# page_type: the count operations and the L1..L4 entry getters (ownership).
# Not in the list (contracts assumed, see README): validate_table/put_entries
# (recursive validation), free_domain_page (trusted: page list, M2P, allocator).
proofs_page_type_SRCS    := $(PROOF_SRC)/page_type.c
proofs_page_type_FCTS    := get_page put_page get_page_type put_page_type \
	clear_validated \
	is_pt_type pt_level \
	pte_mfn l1_allowed \
	type_count pt_type_of_level linear_count inc_linear_entries inc_linear_uses
# event: the port table.  array_index_mask_nospec, evtchn_set_pending and
# the atomic bit helpers are used through trusted contracts (README).
proofs_event_SRCS        := $(PROOF_SRC)/event.c
# event's per-goal prover limit (s): evtchn_free's `pairs` (session 10,
# every two other ports keep evtchn_close_sep) is one 444k-step cvc4 goal,
# 6.5-7 s at load ~5, that timed out at the 20 s default with two event
# runs side by side (load ~8); splitting it (f_pq, f_pairs) did not make
# it cheaper.  The limit only costs time on a goal that fails.
proofs_event_TIMEOUT     := 60
proofs_event_FCTS        := port_get evtchn_clear_u evtchn_free evtchn_send \
	evtchn_domain_init get_free_port evtchn_offer evtchn_set_ipi evtchn_set_virq \
	evtchn_alloc_unbound evtchn_bind_ipi evtchn_bind_virq \
	virq_is_global domain_vcpu evtchn_bind_vcpu evtchn_link
# event_ops: what the sub-ops reach from the caller (current, the domain
# table through domain_lookup's contract, evtchn_world); split from event to
# keep each module's wall time down.  evtchn_bind_interdomain is split in
# five functions (lookup, port check, free port, join, raise: README).
proofs_event_ops_SRCS    := $(PROOF_SRC)/event.c
proofs_event_ops_FCTS    := resolve_domid target_domain evtchn_status evtchn_unmask \
	evtchn_join evtchn_raise_new
# event_bind: the three outer steps of bind_interdomain (lookup, port check,
# free port + join + raise: `bound` and `ld_ok`), split from event_ops to
# keep each module under 2 min; evtchn_join/evtchn_raise_new (event_ops)
# through their contracts.
proofs_event_bind_SRCS   := $(PROOF_SRC)/event.c
proofs_event_bind_FCTS   := evtchn_bind_checked evtchn_bind_found evtchn_bind_interdomain
# event_close: evtchn_close, moved from event (170 s) with its goals, and
# what a loop of closes needs of d (table, vCPUs, port 0, shared_info,
# free ports kept, every other port's invariant: keep_inv `inv`);
# evtchn_unbind, its per-state step (session 9); evtchn_reset/
# evtchn_domain_destroy belong here once proved (README, "Why the rest":
# event (3)).
proofs_event_close_SRCS  := $(PROOF_SRC)/event.c
proofs_event_close_FCTS  := evtchn_close evtchn_unbind
# event_close's per-goal prover limit (proofs_<m>_TIMEOUT, s): its largest
# goals (free_kept 234k cvc4 steps, 3.7 s on a quiet machine; k_d, the
# unbind bridges 150-210k) are proved in a few seconds, but a dry run of
# `make check` beside other load timed two of them out at the 20 s
# default (124/126).  The limit only costs time on a goal that fails.
proofs_event_close_TIMEOUT := 60
# event_reset: one step of the loop of closes of evtchn_reset and
# evtchn_domain_destroy (evtchn_close_next; evtchn_close through its
# contract).
proofs_event_reset_SRCS  := $(PROOF_SRC)/event.c
proofs_event_reset_FCTS  := evtchn_close_next
# event_close_all: the loop of closes itself (evtchn_close_all;
# evtchn_close_next through its contract) and its callers evtchn_reset
# (target_domain through its contract) and evtchn_domain_destroy.
# -wp-split: the call's writes checked against the loop's and the
# function's `assigns` are one goal per written location (unsplit, the
# four locations in one goal time out at 20 s; split, each is 0.1-11 s).  Its largest goal (assigns_exit part 7,
# the VIRQ slots on the path where the call exits: 400k cvc4 steps, 8-11 s
# quiet) is too near the 20 s default under load: 40 s.
proofs_event_close_all_SRCS := $(PROOF_SRC)/event.c
proofs_event_close_all_FCTS := evtchn_close_all evtchn_reset evtchn_domain_destroy
proofs_event_close_all_OPTS := -wp-split
proofs_event_close_all_TIMEOUT := 40
# event_virq: the VIRQ raises of the core (timers, console input), split
# from event so that module is untouched; port_get, domain_vcpu and
# evtchn_set_pending through their contracts.
proofs_event_virq_SRCS   := $(PROOF_SRC)/event.c
proofs_event_virq_FCTS   := send_guest_vcpu_virq send_guest_global_virq
# event_decode: hypercalls 32 and 16, the sub-op decoders: each block read
# through a typed guest copy (trusted, README), each operation called with
# its preconditions under `evtchn_world` (assumed at the dispatcher).
proofs_event_decode_SRCS := $(PROOF_SRC)/event.c
proofs_event_decode_FCTS := new_port_out op_alloc_unbound op_bind_interdomain \
	op_bind_virq op_bind_ipi op_status op_port op_bind_vcpu op_reset \
	do_event_channel_op do_event_channel_op_compat
# domctl: the id picker, the target lookup and the small decoders.
# domctl_ops: the per-op functions; sysctl: do_sysctl and its ops;
# domctl_priv: do_domctl and domctl_on_target.  All in full (RTE, every
# contract).  The invoke steps whose callees live elsewhere
# (createdomain_invoke, build_invoke, get/setvcpucontext,
# domctl_domain_info, sysctl_physinfo) and the typed copy-in views by
# assumed contracts (README).
proofs_domctl_SRCS       := $(PROOF_SRC)/domctl.c $(PROOF_SRC)/printk.c \
	$(PROOF_SRC)/page_alloc.c
proofs_domctl_FCTS       := caller_domain domctl_pick_domid domctl_target type_valid \
	max_pages_valid domctl_cmd_known domain_flags domain_cpu_time \
	console_ring_read frames_total frames_free_count
proofs_domctl_ops_SRCS   := $(PROOF_SRC)/domctl.c
proofs_domctl_ops_FCTS   := domctl_teardown domctl_createdomain domctl_destroydomain \
	domctl_pausedomain domctl_unpausedomain domctl_max_mem context_vcpu \
	domctl_scheduler_op domain_fresh domctl_build
proofs_sysctl_SRCS       := $(PROOF_SRC)/domctl.c
proofs_sysctl_FCTS       := sysctl_readconsole sysctl_getdomaininfolist do_sysctl
proofs_domctl_priv_SRCS  := $(PROOF_SRC)/domctl.c
proofs_domctl_priv_FCTS  := domctl_on_target do_domctl
# domctl_invoke: invoke steps of domctl.c split from the modules above so
# they stay as they were: getdomaininfo's and physinfo's field-by-field
# fills (every byte of the struct the guest gets), get/setvcpucontext
# (the fresh context buffer by trusted helpers, README), build's ring
# ports (build_ports, under evtchn_live), and the heap statistics
# physinfo reads (xmalloc.c).
# domctl_build: the build op's invoke, build_invoke, and build_grants under
# domctl_domain_world(d) (domctl.h; domctl_world assumed at do_domctl);
# copy_in_alloc, build_grant_refs and arch_domain_build by trusted
# contracts (README, Assumed).
proofs_domctl_build_SRCS := $(PROOF_SRC)/domctl.c
proofs_domctl_build_FCTS := build_grants build_invoke
# Per-goal limit 40 s: build_invoke's `kept` takes 5.4 s alone (444k cvc4
# steps) and timed out at 20 s in the same loaded dry run (as grant_map_one).
proofs_domctl_build_TIMEOUT := 40
proofs_domctl_invoke_SRCS := $(PROOF_SRC)/domctl.c $(PROOF_SRC)/xmalloc.c
proofs_domctl_invoke_FCTS := sysctl_physinfo heap_get_stats domctl_domain_info \
	domctl_getvcpucontext domctl_setvcpucontext build_bufs_free build_ports
# domain: the domain table (domids_unique) through create/lookup/destroy.
# The allocation and teardown helpers' contracts are assumed (README).
proofs_domain_SRCS       := $(PROOF_SRC)/domain.c
proofs_domain_FCTS       := domain_lookup domain_create domain_destroy free_vcpus \
	xenmem_default_max
# grant_table: decode (grant_check) and the pin/reference steps of a map.
proofs_grant_table_SRCS  := $(PROOF_SRC)/grant_table.c
proofs_grant_table_FCTS  := gt_nr_entries active_entry guest_frame_to_mfn \
	grant_check grant_pin grant_unpin grant_get_refs grant_l1e
# grant_ops: the PV host-map layer composed from those steps (the entry
# pv_install writes, the counts of the grant's frame).  pte_at,
# grant_put_page (grant_put, but for its assigns), put_l1_entry (trusted),
# pv_locate_pte (assumed): README.
# map_host (the entry/p2m it installs), grant_drop + maptrack_release (the
# touched active record keeps grant_act_ok), unmap_pv/unmap_host/
# unmap_track_host (the host side of an unmap).  map_ref and its steps:
# grant_map, grant_ref, grant_ref_tail.
proofs_grant_ops_SRCS    := $(PROOF_SRC)/grant_table.c
proofs_grant_ops_FCTS    := grant_put_refs pv_install pv_remove map_host grant_drop maptrack_release \
	unmap_pv unmap_host unmap_track_host
# grant_put_refs' `wtype` at its callers: trusted (README Assumed)
proofs_grant_ops_PROPS := -wtype
# grant_decode: the decoders of the single-element ops (every guest value
# bounded before use under `gnt_world`); gt_grow and the typed guest reads
# by trusted contracts (README).
proofs_grant_decode_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_decode_FCTS := op_domain setup_table query_size set_version get_version \
	grant_table_frame_mfn grant_table_reserved_entry
# grant_map: the map/unmap/copy elements on the grant_ops steps (their
# contracts): unmap_track + unmap_one, copy_release (the touched active
# record keeps grant_act_ok).
proofs_grant_map_SRCS    := $(PROOF_SRC)/grant_table.c
# Session 7: map_ref split as the unmap side, same behaviour: map_acquire
# (grant_check + grant_get_refs; the frame through *mfn, written on success
# only), map_ref_tail = map_ref_host (map_host on the maptrack entry, the
# references back on a failed host map) + map_commit (grant_pin, then
# map_fill: the entry's other fields and the op's results); `grant_room`
# is what each step hands on.  Listed: map_commit + map_fill (the commit
# keeps grant_act_ok; session 8: it is given the record pointer `act`
# map_ref_tail read at its entry and `assigns *act`).  The other four are
# in grant_ref and grant_ref_tail (session 8).
proofs_grant_map_FCTS    := unmap_track unmap_one copy_release map_fill map_commit
# (session 11: grant_put_refs' `wtype` proved at copy_release's call, from
# `copy_held`; no -wtype here any more)
# unmap_one's `disp_kept` (session 11, for grant_disp): trusted (README Assumed)
proofs_grant_map_PROPS := -disp_kept
# grant_ref, grant_ref_tail (session 8): the rest of map_ref's chain.
# grant_ref: map_acquire (grant_check + grant_get_refs, the frame through
# *mfn on success) and map_ref_host (map_host, or no host entry; the
# references back on a failed host map); it needs the mask facts (the
# count words' range, `c_pos`, `tc_mod`).  grant_ref_tail: map_ref_tail
# (map_ref_host, then map_commit: grant_map) and map_ref (map_acquire,
# then map_ref_tail), on those contracts, without the mask facts.
# (-wp-no-ground -wp-no-pruning, PROOF_QED_LIGHT, is slower for grant_ref:
# 51.6 s CPU against 30-37 s, load 9-10.)
proofs_grant_ref_SRCS    := $(PROOF_SRC)/grant_table.c
proofs_grant_ref_FCTS    := map_acquire map_ref_host
# grant_put_refs' `wtype` at its callers: trusted (README Assumed)
proofs_grant_ref_PROPS := -wtype
proofs_grant_ref_tail_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_ref_tail_FCTS := map_ref_tail map_ref
# grant_copy (session 9): one side of a copy element (GNTTABOP_copy):
# copy_acquire (grant_domain, proved here, then copy_grant: grant_check +
# grant_get_refs + grant_pin, or copy_own: one of ld's frames), with
# exactly what it took on success (`copy_took`, `copy_pinned`) and nothing
# on a failure, under `copy_side`.  copy_one is not proved yet (README,
# "Why the rest").  It needs the mask facts (copy_grant's `g_room`, as
# map_acquire's `c_pos`).
proofs_grant_copy_SRCS   := $(PROOF_SRC)/grant_table.c
proofs_grant_copy_FCTS   := grant_domain copy_grant copy_own copy_acquire
# grant_map_one (session 10): map_one, one GNTTABOP_map_grant_ref element
# (the kinds, grant_domain, maptrack_alloc, map_ref through their
# contracts), under `map_world` (assumed at the dispatcher, README), and
# maptrack_alloc (a free handle < GNTTAB_MAPTRACK_MAX; maptrack_table, the
# allocation, by a trusted contract: README, Assumed).
# In PROOF_NO_MASKS: with the mask axioms (as it ran from the session-10
# merge, whose second PROOF_NO_MASKS line dropped it) four goals (o_in2,
# map_ref's requires, _sep, _rec) time out at 20 s (55/59, 143 s CPU);
# without them 59/59, 23 s CPU (session 11).
# grant_disp (session 11): the dispatcher, elem_one and its steps
# elem_map/elem_unmap/elem_copy (map_one, unmap_one, copy_one through their
# contracts; `assigns`), batch (the world `gnt_disp_world` as the loop
# invariant, on batch_one's contract, proved in grant_batch)
# and do_grant_table_op, under one world `gnt_hc_world` (README Assumed);
# the elements' `disp_kept` are trusted (README Assumed).
proofs_grant_disp_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_disp_FCTS := elem_map elem_unmap elem_copy elem_one batch do_grant_table_op
# grant_batch (session 12): batch_one, one element through its stack copy
# e, proved (was trusted): the world re-stated once e is allocated (w*)
# and once it is released (r*), e apart from what the world names (p*:
# gnt_elem_apart, gnt_elem_apart_rd); its steps elem_read (the guest copy
# into e keeps the world: what it reads is apart from e) and
# elem_step (elem_one under an `assigns` free of e's fields), and the
# ghost lemma gnt_world_valid (the world's validity facts, empty body);
# on two ghost trusted contracts (README Assumed): gnt_elem_local (the
# stack is no L1 slot and not the allocator's next table/maptrack) and
# gnt_elem_left (the element keeps no pointer into e).
proofs_grant_batch_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_batch_FCTS := gnt_world_valid elem_read elem_step batch_one
# 40 s per goal: batch_one's r7 and elem_read's c6 (the world's granters
# and e's separations with session 13's copy_one facts) take 6-10 s of cvc4
# at load 5 (640k/470k steps) and could reach 20 s in a loaded run.
proofs_grant_batch_TIMEOUT := 40

proofs_grant_map_one_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_map_one_FCTS := maptrack_alloc map_one
# Per-goal limit 40 s (not 20): map_one's call of map_ref, `requires_rec`,
# takes 3.5 s alone (327k cvc4 steps) but timed out at 20 s in a dry run
# beside two helpers' proofs (load 7, the proofs at nice 10); a proved goal
# stops when cvc4 answers, so the limit costs nothing here.
proofs_grant_map_one_TIMEOUT := 40
# map_one's `disp_kept` (session 11, for grant_disp): trusted (README Assumed)
proofs_grant_map_one_PROPS := -disp_kept

# grant_put (session 10): grant_put_page, put_page as the grant functions
# see it, proved from put_page's contract (page_type) but for its
# `assigns` (the frame table only: the last reference's writes to the
# owner's page list and the M2P are left out; trusted, README Assumed).
proofs_grant_put_SRCS    := $(PROOF_SRC)/grant_table.c
proofs_grant_put_FCTS    := grant_put_page
proofs_grant_put_PROPS   := -@assigns -counted -ref_held
# pv_put (session 10): pv_mmu.c's put_plain_type (put_page_type of a
# writable frame), its ensures proved from put_page_type's contract
# (`plain_c`: no devalidation, so the general count stays); its `assigns`
# (pg->type_info only, where put_page_type's names the frame table) stays
# trusted (README Assumed).
proofs_pv_put_SRCS       := $(PROOF_SRC)/pv_mmu.c
proofs_pv_put_FCTS       := put_plain_type
proofs_pv_put_PROPS      := -@assigns
# pt_put (session 11): put_page_and_type, proved from put_page_type's and
# put_page's contracts (page_type) but for what stays trusted (README
# Assumed): its `assigns` (the frame table only, as grant_put_page's), the
# calls' preconditions (`counted`, `type_held`, `ref_held`), and
# `type_less_dv`/`caller_ref_kept_dv` (a table's last type reference: the
# reference accounting).
proofs_pt_put_SRCS       := $(PROOF_SRC)/page_type.c
proofs_pt_put_FCTS       := put_page_and_type
proofs_pt_put_PROPS      := -@assigns -counted -type_held -ref_held -type_less_dv -caller_ref_kept_dv
# pt_l1e (session 11): put_l1e, what a present L1 entry holds dropped
# (put_page, or put_page_and_type for RW), on put_page's and
# put_page_and_type's contracts; its precondition `entry_refs` (the
# accounting) is trusted at put_entry, which is not proved (README).
# Apart from pt_put: its -counted/-ref_held would also remove put_l1e's
# calls' preconditions, which are proved here.
proofs_pt_l1e_SRCS       := $(PROOF_SRC)/page_type.c
proofs_pt_l1e_FCTS       := put_l1e
# pt_put_entry (session 12): put_entry (page_type.c), one entry's
# references dropped: level 1 on put_l1e's contract (pt_l1e), levels 2..4
# on put_upper_e's, proved on put_page_and_type's (`others_plain`,
# `type_less`) and the linear count helpers' (dec_linear_*, moved from
# page_type).  Trusted (README Assumed): put_entry's preconditions (the
# reference accounting: `entry_in_ft`, `entry_refs`, `upper_refs`,
# `table_type`, `table_held`, `keep_held`, `typed_counted`) at its
# callers' calls (pt_frames), `@assigns` (put_l1e's also names the
# owner's page list and the M2P), put_upper_e's `devalidated` (the
# target's devalidation).
proofs_pt_put_entry_SRCS := $(PROOF_SRC)/page_type.c
proofs_pt_put_entry_FCTS := put_entry put_upper_e page_type linear_uses linear_count_dec \
	linear_uses_clear dec_linear_entries dec_linear_uses
proofs_pt_put_entry_PROPS := -@assigns -devalidated
# grant_copy_dest (session 10): the destination side of a copy element,
# copy_dest = copy_acquire (writable) + copy_bytes (trusted: the memmove
# through page_to_virt, README Assumed) + copy_release (its session-10
# contract: exactly one use less, grant_map): `kept` (every frame
# referenced at entry has its counts back) and `back` (the record's pins
# back, its frame kept while pinned).  The freshness of the local buffer
# and the table's fields across copy_acquire are asserted step by step
# (`d_fresh*`, `d_idx`, `d_gt*`): one assertion each times out.
proofs_grant_copy_dest_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_copy_dest_FCTS := copy_dest
# grant_copy_finish (session 11): the rest of a copy element once its
# source is held, copy_finish = copy_dest (grant_copy_dest) + the source's
# copy_release: the held source frame one general reference less, every
# other referenced frame's counts kept (`frames`, `put`), the source's
# record one read-only pin less (`pins_src`, `inv_src`), the destination's
# record, if another, its pins back (`back_dst`).  The source buffer, its
# granter, table and record across copy_dest are asserted field by field
# (`f_*`): as one assertion each times out.
proofs_grant_copy_finish_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_copy_finish_FCTS := copy_finish
# grant_copy_run, grant_copy_one (session 13, proved in session 12's
# clone): copy_one = the checks +
# copy_run (the copy of a checked element: the source's acquire, then
# copy_finish); copy_one's `disp_kept` stays trusted (README Assumed, as
# map_one's and unmap_one's).  Two modules: together one run is ~220 s CPU.
proofs_grant_copy_run_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_copy_run_FCTS := copy_run
# 40 s per goal: o_drin, o_dcnt, o_snr, o_dside* (5-6 s alone) timed out at
# 20 s in runs at load 5-6 (as grant_map_one).
proofs_grant_copy_run_TIMEOUT := 40
proofs_grant_copy_one_SRCS := $(PROOF_SRC)/grant_table.c
proofs_grant_copy_one_FCTS := copy_one
proofs_grant_copy_one_PROPS := -disp_kept

# pt_frames: the table side of page_type.c: put_entries (a table's
# entries dropped, on put_entry's per-entry contract, assumed) and
# pv_mod_entry (`owned`, `table_owner`, `owner_kept`, RTE, every call's
# preconditions; its `caller_ref_kept` needs the reference accounting:
# left out with -wp-prop, still assumed; README).
proofs_pt_frames_SRCS    := $(PROOF_SRC)/page_type.c
proofs_pt_frames_FCTS    := put_entries pv_mod_entry get_page_and_type keep_ad pte_adjust_guest \
	is_guest_slot is_xen_l4_slot
proofs_pt_frames_PROPS   := -caller_ref_kept -entry_in_ft -entry_refs -upper_refs -table_type \
	-table_held -keep_held -typed_counted
# pt_types: get_page_type_of (split from page_type in session 6: its
# goals, plus `count_kept`, `others` and `upper_kept`, the frame
# conditions validate_table's proof needs; README).
proofs_pt_types_SRCS     := $(PROOF_SRC)/page_type.c
proofs_pt_types_FCTS     := get_page_type_of
# pt_entries: the entry getters get_l1e, get_linear, get_upper_e,
# get_entry (split from page_type in session 6: their goals, plus the
# frame condition `pt_kept`/`upper_kept`; README).
proofs_pt_entries_SRCS   := $(PROOF_SRC)/page_type.c
proofs_pt_entries_FCTS   := get_l1e get_linear get_upper_e get_entry
# pv_mmu: the PV MMU hypercalls mmu_update and update_va_mapping.
# page_type.c is used through the contracts of pv_mm.h; the guest copies,
# the direct map and the arch hooks through trusted contracts (README).
proofs_pv_mmu_SRCS       := $(PROOF_SRC)/pv_mmu.c
proofs_pv_mmu_FCTS       := guest_va_ok get_owned_page check_foreigndom report_done \
	batch_begin write_plain_entry live_table mmu_pt_update mmu_machphys_update \
	mmu_update_one do_mmu_update read_vcpumask pv_find_l1_table uvm_flush \
	do_update_va_mapping
# pv_mmuext: mmuext_op, on the helpers pv_mmu proves (their contracts).
proofs_pv_mmuext_SRCS    := $(PROOF_SRC)/pv_mmu.c
proofs_pv_mmuext_FCTS    := mmuext_pin mmuext_unpin set_baseptr mmuext_set_ldt \
	mmuext_clear_page mmuext_copy_page mmuext_flush mmuext_one do_mmuext_op
# hypercall: the dispatcher's table index and counters, and multicall.
# The indirect call of a table slot (call_slot: WP 25 has no
# \valid_function), the guest copies of an entry and `current` are used
# through trusted contracts (README).
proofs_hypercall_SRCS    := $(PROOF_SRC)/hypercall.c $(PROOF_SRC)/multicall.c
proofs_hypercall_FCTS    := hypercall_dispatch hypercall_count hypercall_counts_reset \
	in_multicall multicall_list_ok multicall_run do_multicall
# hc_adapters: the dispatcher's table slots, each turning the six guest
# registers into its handler's arguments: every handler's precondition
# from the one `hypercall_world` (hypercall_world.h) the dispatcher
# requires.  The handlers' sources are here for their contracts only.
proofs_hc_adapters_SRCS  := $(addprefix $(PROOF_SRC)/,hypercall.c multicall.c \
	pv_mmu.c schedule.c event.c version.c console_io.c domctl.c vm_assist.c \
	grant_table.c)
# Several of these files call GCC's __atomic builtins, which Frama-C 25
# does not know (implicit declarations of different types clash at the
# link): the same sequential macros as EVA (proofs/eva_atomics.h; only the
# handlers' bodies use them, and none is proved here).
proofs_hc_adapters_CPPFLAGS := -include proofs/eva_atomics.h
proofs_hc_adapters_FCTS  := hc_vm_assist hc_mmu_update hc_sched_op_compat hc_multicall \
	hc_update_va_mapping hc_set_timer_op hc_event_channel_op_compat hc_xen_version \
	hc_console_io hc_vcpu_op hc_mmuext_op hc_sched_op hc_event_channel_op \
	hc_grant_table_op hc_sysctl hc_domctl
# version: xen_version (hypercall 17): the sub-op results and the sizes
# copied out.  The guest copies are typed wrappers with trusted contracts
# (README, Assumed).
proofs_version_SRCS      := $(PROOF_SRC)/version.c
proofs_version_FCTS      := do_xen_version str_fill put_string version_compile_info \
	version_get_features version_platform_parameters version_guest_handle \
	xen_version_set_cmdline
# console_io: console_io (hypercall 18): the write count clamped before the
# chunk copies, the read count and the input ring's index.  The console
# output, the prefix formatting and the guest copies are wrappers with
# trusted contracts (README, Assumed).
proofs_console_io_SRCS   := $(PROOF_SRC)/console_io.c
proofs_console_io_FCTS   := do_console_io console_write console_read guest_console_emit \
	console_input_char switch_focus console_endboot console_input_switch_check deliver \
	console_serial_rx
# schedule: sched_op (29), sched_op_compat (6), set_timer_op (15),
# vcpu_op (24) and the timer/runstate helpers: the vCPU id bounded before
# d->vcpu[], the shutdown reason and poll count checked, no wrap in the
# timer arithmetic.  The guest copies, the VIRQ send, the scheduler/arch
# calls, the vcpu_info atomics and domain_shutdown are wrappers with
# trusted contracts (README, Assumed).
proofs_schedule_SRCS     := $(PROOF_SRC)/schedule.c
proofs_schedule_FCTS     := vcpu_runstate_change vcpu_runstate_get singleshot_arm \
	vcpu_timers_run earlier do_set_timer_op sched_block sched_shutdown \
	sched_shutdown_code sched_remote_shutdown sched_poll do_sched_op \
	do_sched_op_compat vcpu_get_runstate_info vcpu_set_periodic \
	vcpu_set_singleshot do_vcpu_op timers_next_deadline vcpu_unblock
# timers: timers_run, the timer interrupt's walk over every vCPU slot of
# every domain (vcpu_timers_run through the step timers_vcpu_run, which
# proves the frame: every other vCPU keeps its runstate and period), under
# `timers_world` (schedule.c; assumed at the arch timer interrupt, README).
proofs_timers_SRCS       := $(PROOF_SRC)/schedule.c
proofs_timers_FCTS       := timers_vcpu_run timers_run
# -wp-split: the loops' field-precise assigns inclusions (a union of seven
# vCPU field ranges and the shared_infos, in itself) are one goal per
# location kind, each proved in well under a second; unsplit, cvc4 times out.
proofs_timers_OPTS       := -wp-split
# cmdline: boot command-line parsing: every read inside the string, no
# wrap of a parsed number (cmdline_parse, moved to cmdline_loop and
# cmdline_frame in session 7).
proofs_cmdline_SRCS      := $(PROOF_SRC)/cmdline.c
proofs_cmdline_FCTS      := is_blank digit_value parse_u64 size_shift parse_size \
	cmdline_skip_image_name name_eq param_find
# cmdline_loop: cmdline_parse, every goal but its `assigns` (cmdline_frame):
# each option handed to apply_option, every read inside the line, the line
# and the table kept through the calls (apply_option's `frame`,
# `frame_len`, `ok`, `lens`).  apply_option (the copy into the 256-byte
# buffer only when it fits, the split at '=', the lookups, set_param) by its
# contract (proved in cmdline_apply on apply_split's assumed one, README).
proofs_cmdline_loop_SRCS   := $(PROOF_SRC)/cmdline.c
proofs_cmdline_loop_FCTS   := cmdline_parse
proofs_cmdline_loop_PROPS  := -@assigns
# cmdline_frame: cmdline_parse's `assigns` goals (function and loop): it
# writes only the parameters' variables (PARAM_VARS, a two-binder
# comprehension for the string variables: with -wp-split each inclusion is
# proved in about a second, unsplit cvc4 times out at 20 s).
proofs_cmdline_frame_SRCS  := $(PROOF_SRC)/cmdline.c
proofs_cmdline_frame_FCTS  := cmdline_parse
proofs_cmdline_frame_PROPS := @assigns
proofs_cmdline_frame_OPTS  := -wp-split
# cmdline_apply: apply_option's steps (session 7: option_split, the copy
# into its local buffer and the split at '=': writes only the buffer,
# every other string keeps its length; session 8: apply_option itself, the
# buffer and the call of apply_split, its `ok` after the buffer's free, on
# apply_split's contract (assumed, README: proved in a trial, over the CPU
# budget); param_lookup (the lookup with the "no-" prefix); the reports
# unknown_option/option_too_long (each the one printk, whose variadic local
# would otherwise be freed in the callers' post-states).
# -wp-split: frame_len and the PARAM_VARS inclusions per path (unsplit,
# cvc4 times out).
proofs_cmdline_apply_SRCS  := $(PROOF_SRC)/cmdline.c
proofs_cmdline_apply_FCTS  := option_split param_lookup unknown_option option_too_long \
	apply_option apply_split
proofs_cmdline_apply_OPTS  := -wp-split
# cmdline_set: the setters behind cmdline_parse: apply_option (the option
# split at '=', the table lookups, the "no-" prefix), set_param, the typed
# setters and parse_bool (a byte loop over NUL-padded words).  The stores
# through the parameters' `void *` (store_*), the custom hook (call_custom)
# and printk by trusted contracts (README, Assumed).
proofs_cmdline_set_SRCS  := $(PROOF_SRC)/cmdline.c
proofs_cmdline_set_FCTS  := word_eq parse_bool bad_value set_bool set_uint set_size \
	set_string set_param
# cmdline_lemmas: strlen_same (a string's length depends only on its bytes
# through the NUL), stated in cmdline.c, proved here (no function list).
proofs_cmdline_lemmas_SRCS := proofs/cmdline_lemmas.c
proofs_cmdline_lemmas_FCTS :=
# xmalloc: the size-class index and the array-size overflow checks of the
# heap (the block and page pointer arithmetic is not in the list, README).
proofs_xmalloc_SRCS      := $(PROOF_SRC)/xmalloc.c
proofs_xmalloc_FCTS      := size_class xmalloc_array_bytes xzalloc_array_bytes
# xtime: the time scale (mul_frac >= 2^31, shift in [-12, 20]), the guest's
# scale applied without a 128-bit type (functional: exactly the 96-bit
# product over 2^32), the vcpu_time_info and wallclock stores (RTE,
# assigns; the shared_info casts and the fence by trusted contracts, README).
proofs_xtime_SRCS        := $(PROOF_SRC)/xtime.c
proofs_xtime_FCTS        := time_scale_for_khz time_scale_delta update_vcpu_system_time \
	xtime_set_wallclock update_domain_wallclock_time

# PROOF_NO_MASKS: modules proved without prelude.h's mask axioms and lemmas
# (its sections 3 and 4, -DXL_PROOFS_NO_MASKS).  WP puts every global axiom
# and lemma into every goal's context; these and the bitwise theory they
# drag in cost about 30% of each cvc4 call where no goal uses them.  A
# module goes in this list only once it has been measured fully proved
# without them (README, Time; session 13: grant_copy_finish, grant_copy_dest,
# grant_disp, grant_copy_run; grant_copy needs them, 131/132 without).
PROOF_NO_MASKS := grant_copy_run hc_adapters grant_map_one grant_ref_tail cmdline_lemmas elf_loader elf_notes elf_place timers console_io event_ops event_close event_reset event_close_all domctl_invoke domctl_build event_decode domctl_priv grant_decode sysctl domain sched_credit event_virq version xtime memmap symbols page_alloc vm_assist xmalloc guest_access cmdline cmdline_loop cmdline_frame cmdline_apply grant_copy_finish grant_copy_dest grant_disp

# PROOF_NOSPEC_MASKS: the same, but the module keeps the three mask facts
# array_index_nospec needs (mask_all_ones, mask_all_ones32, mask_zero).
PROOF_NOSPEC_MASKS := event_bind schedule event domctl_ops domctl hypercall grant_table pv_mmu pv_mmuext

# PROOF_QED_LIGHT (session 8, time): modules proved with two of Qed's
# simplifications off, -wp-no-ground -wp-no-pruning (appended to the
# module's OPTS): the same goals, less simplified before a prover sees
# them.  Qed's own time was most of Frama-C's part there (elf_parse's
# elf_check_entries, 85 goals: 14 s of Qed with them, 4.7 s without).
# A module joins only once measured fully proved, and faster, with them
# (README, Time).
# Session 9: event, grant_ops, page_type, pv_mmu, console_io, timers,
# cmdline, cmdline_frame, domctl_invoke, xtime, cmdline_loop, sched_credit,
# event_virq measured faster (-3..-20% CPU,
# base and light run side by side; README, Time); grant_table and grant_map
# (and grant_ref_tail) lose a goal with them; event_ops, schedule,
# cmdline_set, cmdline_apply, event_decode within 3%.
PROOF_QED_LIGHT := grant_copy_run elf_parse elf_loader domain pt_types elf_place domctl \
	event grant_ops page_type pv_mmu console_io timers cmdline cmdline_frame \
	domctl_invoke xtime cmdline_loop sched_credit event_virq

$(PROOF_OUT)/why3.conf:
	@mkdir -p $(PROOF_OUT)
	$(Q)WHY3CONFIG=$@ why3 --config $@ config detect > $(PROOF_OUT)/why3-detect.log 2>&1 || \
		{ cat $(PROOF_OUT)/why3-detect.log; exit 1; }
	$(Q)grep -q '"CVC4"' $@ && grep -q '"Z3"' $@ || \
		{ echo "proofs: why3 found no cvc4 or no z3 (make deps)"; rm -f $@; exit 1; }

.PHONY: proofs proofs-baseline $(addprefix proofs-,$(PROOF_MODULES))

$(addprefix proofs-,$(PROOF_MODULES)): proofs-%: $(PROOF_OUT)/why3.conf
	@echo "  WP      $*"
	$(Q)$(if $(proofs_$*_TIMEOUT),WP_TIMEOUT=$(proofs_$*_TIMEOUT) )sh proofs/wp.sh $* $(PROOF_OUT) "$(proofs_$*_SRCS)" "$(proofs_$*_FCTS)" \
		"$(proofs_$*_PROPS)" "$(proofs_$*_OPTS)$(if $(filter $*,$(PROOF_QED_LIGHT)), -wp-no-ground -wp-no-pruning)" \
		"$(if $(filter $*,$(PROOF_NO_MASKS)),-DXL_PROOFS_NO_MASKS)$(if \
		$(filter $*,$(PROOF_NOSPEC_MASKS)),-DXL_PROOFS_NO_MASKS -DXL_PROOFS_NOSPEC_MASKS)$(if \
		$(proofs_$*_CPPFLAGS), $(proofs_$*_CPPFLAGS))"

# `make proofs` runs PROOF_JOBS modules at once (WP_PAR prover processes
# each): Frama-C's own work per module (VC generation, Qed) is one thread,
# so one module at a time left the second core mostly idle (13 min 49 s
# wall, 12 min 27 s CPU); alone, a module keeps about 75% of a core busy
# (grant_ops: 84 s wall, 64 s CPU), so three jobs fill two cores: the
# default is 3 jobs per 2 cores (nproc * 3 / 2, at least 1).  EVA
# goes first, as one job running its runs one after the other
# (EVA_JOBS=1: ~7 min of one core, ~4.5 min since session 9), then the
# WP modules longest first, so the jobs end together; every module of
# PROOF_MODULES must be in PROOF_ORDER.
PROOF_JOBS    ?= $(shell n=$$(nproc); echo $$(( n * 3 / 2 > 0 ? n * 3 / 2 : 1 )))
PROOF_JOB_PAR ?= 1
PROOF_ORDER := elf_loader event elf_notes grant_copy_run grant_batch domctl_ops domctl_priv sysctl pv_mmu \
	pv_mmuext elf_parse elf_place timers schedule cmdline_frame event_bind event_ops page_type grant_table domain domctl cmdline_loop cmdline sched_credit grant_ops \
	memmap symbols hypercall masks page_alloc vm_assist guest_access version console_io cmdline_lemmas xmalloc grant_decode event_virq xtime event_decode grant_map \
	domctl_invoke domctl_build \
	pt_frames pt_types cmdline_set pt_entries event_close cmdline_apply grant_ref_tail grant_ref grant_copy grant_map_one grant_put pv_put grant_copy_dest pt_put pt_l1e hc_adapters grant_disp grant_copy_finish event_reset event_close_all pt_put_entry grant_copy_one
# A variable assigned twice (`:=`) keeps only its last value, silently:
# a merge once left two PROOF_NO_MASKS lines and a module ran with the
# wrong options (session 11).  Refuse that.
PROOF_MK_DUPS := $(shell sed -n 's/^\([A-Za-z_0-9]*\) *:=.*/\1/p' proofs/proofs.mk | sort | uniq -d)
ifneq ($(PROOF_MK_DUPS),)
$(error proofs/proofs.mk assigns $(PROOF_MK_DUPS) more than once (a merge leftover? make keeps only the last): keep one line)
endif
ifneq ($(sort $(PROOF_ORDER)),$(sort $(PROOF_MODULES)))
$(error proofs/proofs.mk: PROOF_ORDER and PROOF_MODULES name different modules)
endif

proofs: $(PROOF_OUT)/why3.conf
	@rm -f $(BUILD)/proofs-summary.txt $(PROOF_OUT)/*.result
	-$(Q)$(MAKE) --no-print-directory -k -j$(PROOF_JOBS) WP_PAR=$(PROOF_JOB_PAR) \
		EVA_JOBS=1 eva $(addprefix proofs-,$(PROOF_ORDER))
	$(Q)sh proofs/summary.sh $(PROOF_OUT) $(PROOF_MODULES) eva > $(BUILD)/proofs-summary.txt; \
		rc=$$?; cat $(BUILD)/proofs-summary.txt; exit $$rc

proofs-baseline:
	$(Q)sh proofs/baseline.sh $(PROOF_OUT) $(PROOF_MODULES)

# ---- EVA: run-time-error alarms at most the documented number ----
# proofs/eva_driver.c holds two drivers (proofs/README.md, EVA): run 1, any
# sequence of calls of the leaf entry points; run 2, one event-channel
# operation (hypercall 32/16, any cmd and block) from any well-formed port
# world of a small model.  proofs/eva_hypercalls.c drives hypercall_dispatch
# over a model machine (frame table + direct map, arch hooks modelled):
# run 3, every hypercall number but the memory ones; run 4, mmu_update,
# update_va_mapping, mmuext_op, grant_table_op.  EVA_MAX_<run> is the
# number of alarms README explains for that run; more fails.  EVA also
# re-checks the ACSL contracts of the functions it meets and reports the
# ones it cannot decide (quantified predicates, separation) as statuses;
# those are WP's to prove.
EVA_SRCS := proofs/eva_driver.c $(PROOF_SRC)/vm_assist.c $(PROOF_SRC)/memmap.c \
	$(PROOF_SRC)/symbols.c $(PROOF_SRC)/event.c
EVA_HC_SRCS := proofs/eva_hypercalls.c $(addprefix $(PROOF_SRC)/,domain.c \
	page_alloc.c page_type.c pv_mmu.c grant_table.c event.c domctl.c \
	schedule.c sched_credit.c console_io.c version.c multicall.c \
	hypercall.c vm_assist.c)
# Longest first; EVA_JOBS at once (each run is one thread; `make proofs`
# runs them one at a time beside the WP modules).  Session 13, at load
# 5-10: run 3 about 205 s CPU, run 4 190-210 s, run 2 90 s, run 1 20 s
# (run 4: put_entries' loop not unrolled there since session 9, prelude.h
# XL_EVA4_LOOP_UNROLL; WP-only bridges hidden from EVA since session 13,
# XL_WP_ONLY; README, Time, Levers).
EVA_RUNS := 3 4 2 1
EVA_JOBS ?= 2
EVA_MAX_1 := 0
EVA_MAX_2 := 1
EVA_MAX_3 := 13
EVA_MAX_4 := 0
EVA_OPTS := -machdep x86_64 -c11 -eva -eva-precision 2 -eva-plevel 1100 \
	-eva-no-alloc-returns-null -eva-split-limit 200 -eva-split-return auto \
	-eva-split-return-function copy_from_guest:0 -eva-print-callstacks \
	-eva-warn-key builtins:missing-spec=abort
# Runs 3/4: the whole core, so copy_from_guest (static inline) has one copy
# per file, each split on its result; the world is built by the core's own
# code (recursive page-table validation unrolled; set-up loops unrolled);
# fresh heap blocks per allocation up to 40 per call stack.
# (Frama-C names the per-file copies copy_from_guest_0.._7.)  copy_grant
# and copy_own (session 9: copy_acquire's two sides, whose status no caller
# compares, so `auto` does not split them) are split on their status too:
# a failed side's NULL frame never joins a taken one in copy_one.
EVA_HC_SPLIT := copy_grant:0,copy_own:0,guest_read_elem:0,elem_read:0,copy_from_guest:0,copy_from_guest_0:0,copy_from_guest_1:0,copy_from_guest_2:0,copy_from_guest_3:0,copy_from_guest_4:0,copy_from_guest_5:0,copy_from_guest_6:0,copy_from_guest_7:0
EVA_HC_OPTS := -machdep gcc_x86_64 -c11 -eva -eva-precision 2 -eva-plevel 1100 \
	-eva-no-alloc-returns-null -eva-split-limit 200 -eva-split-return auto \
	-eva-split-return-function $(EVA_HC_SPLIT) -eva-mlevel 40 \
	-eva-unroll-recursive-calls 8 -eva-auto-loop-unroll 600 \
	-eva-slevel-function alloc_vcpus:80,sched_setup:80,createdomain_invoke:80,sched_poll:300 \
	-eva-reduce-on-logic-alarms -eva-print-callstacks \
	-eva-warn-key builtins:missing-spec=abort
# No slevel on the teardown's vCPU loops (session 13: sched_teardown,
# sched_destroy_domain, free_vcpus): they are unrolled anyway (32 vCPUs),
# and with slevel 80 sched_teardown handed sched_destroy_domain ~34 states
# per call, each split again inside it (run 3: 279.5 -> 204 s CPU with the
# three gone, the same alarms and statuses).

.PHONY: eva
eva:
	@mkdir -p $(PROOF_OUT)
	@rm -f $(PROOF_OUT)/eva.result $(PROOF_OUT)/eva-*.fail
	$(Q)export EVA_SRCS="$(EVA_SRCS)" EVA_OPTS="$(EVA_OPTS)" \
		EVA_HC_SRCS="$(EVA_HC_SRCS)" EVA_HC_OPTS="$(EVA_HC_OPTS)" \
		EVA_MAX="$(foreach r,1 2 3 4,$(r):$(EVA_MAX_$(r)))"; \
	for r in $(EVA_RUNS); do echo $$r; done | xargs -P $(EVA_JOBS) -I{} \
		sh -c 'sh proofs/eva_run.sh $(PROOF_OUT) {} || touch $(PROOF_OUT)/eva-{}.fail'; \
	if ls $(PROOF_OUT)/eva-*.fail >/dev/null 2>&1; then \
		echo "eva: FAIL" > $(PROOF_OUT)/eva.result; exit 1; \
	else echo "eva: PASS" > $(PROOF_OUT)/eva.result; fi
