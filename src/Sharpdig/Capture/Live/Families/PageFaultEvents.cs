namespace Sharpdig.Capture.Live;

// The `page_fault` event (opt-in with --page-faults): the kernel reports the x86 error code as the
// CPU pushed it; sysdig's events carry the driver's own pf_flags bits instead.

/// <summary>Conversion of the x86 page-fault error code to the scap `pf_flags` table.</summary>
internal static class PageFaultFlags
{
    // pf_flags values (flags-tables.tsv).
    public const uint ProtectionViolation = 1, PageNotPresent = 2, WriteAccess = 4, ReadAccess = 8;
    public const uint UserFault = 16, SupervisorFault = 32, ReservedPage = 64, InstructionFetch = 128;

    // x86 error-code bits (the CPU's layout: present, write, user, reserved bit, instruction fetch).
    private const ulong X86Present = 1, X86Write = 2, X86User = 4, X86Reserved = 8, X86Fetch = 16;

    /// <summary>
    /// The pf_flags of an x86 error code. The first three bits each pick one of a pair, so exactly
    /// one of protection/not-present, write/read and user/supervisor is always set (as the driver
    /// does); the reserved-bit and instruction-fetch bits are added when present. Other bits
    /// (protection keys, shadow stack, SGX) have no scap name and are dropped.
    /// </summary>
    public static uint FromX86ErrorCode(ulong error)
    {
        uint flags = (error & X86Present) != 0 ? ProtectionViolation : PageNotPresent;
        flags |= (error & X86Write) != 0 ? WriteAccess : ReadAccess;
        flags |= (error & X86User) != 0 ? UserFault : SupervisorFault;
        if ((error & X86Reserved) != 0) flags |= ReservedPage;
        if ((error & X86Fetch) != 0) flags |= InstructionFetch;
        return flags;
    }
}

internal sealed partial class LiveEventDecoder
{
    /// <summary>page_fault: faulting address, instruction pointer, pf_flags.</summary>
    private void WritePageFault(ulong ts, KernelRecord r)
    {
        _b.Begin(ts, r.Tid, TracepointEvents.PageFaultE);
        _b.U64(r.Arg(0));
        _b.U64(r.Arg(1));
        _b.U32(PageFaultFlags.FromX86ErrorCode(r.Arg(2)));
    }
}
