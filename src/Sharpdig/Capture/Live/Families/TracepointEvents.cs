namespace Sharpdig.Capture.Live;

// Events of the scheduler, signal and page-fault tracepoints (not syscalls): `switch`,
// `signaldeliver` and `page_fault`.

/// <summary>
/// The non-syscall events the kernel program can report, each behind its own tracepoint(s). They are
/// shaped as recipes (number -1, no items) so that the capture's syscall predicate decides about
/// them by name, like about any syscall: `evt.type=open` leaves them unattached.
/// </summary>
internal static class TracepointEvents
{
    public const int SwitchE = 152, SwitchX = 153, SignalDeliverE = 232, SignalDeliverX = 233;
    public const int PageFaultE = 290;   // an enter event only: its exit slot (291) is unused

    public static readonly SyscallRecipe ContextSwitch = new(-1, "switch", SwitchE, SwitchX, [], []);
    public static readonly SyscallRecipe SignalDelivery = new(-1, "signaldeliver", SignalDeliverE, SignalDeliverX, [], []);
    public static readonly SyscallRecipe PageFault = new(-1, "page_fault", PageFaultE, PageFaultE, [], []);

    /// <summary>
    /// The BPF program (tp_btf section) that reports each of them. Opt-in programs (page faults:
    /// far more frequent than syscalls) run only when asked for, as sysdig's --page-faults.
    /// </summary>
    public static readonly (string Program, SyscallRecipe Event, bool OptIn)[] Programs =
    [
        ("sched_switch", ContextSwitch, false),
        ("signal_deliver", SignalDelivery, false),
        ("page_fault_user", PageFault, true),
        ("page_fault_kernel", PageFault, true),
    ];

    /// <summary>
    /// The tracepoint programs a capture needs: those whose event <paramref name="capture"/> keeps
    /// (null keeps all), the opt-in ones only with <paramref name="pageFaults"/>.
    /// </summary>
    public static IEnumerable<string> ProgramsFor(Func<SyscallRecipe, bool>? capture, bool pageFaults) =>
        Programs.Where(p => (!p.OptIn || pageFaults) && (capture is null || capture(p.Event))).Select(p => p.Program);

    /// <summary>The tracepoint event of this name, or null.</summary>
    public static SyscallRecipe? ByName(string name) => name switch
    {
        "switch" => ContextSwitch,
        "signaldeliver" => SignalDelivery,
        "page_fault" => PageFault,
        _ => null,
    };

    /// <summary>True for the names of the events above.</summary>
    public static bool IsTracepointEvent(string name) => ByName(name) is not null;

    // Linux signal numbers the sender rule below cares about.
    private const int SigHup = 1, SigInt = 2, SigQuit = 3, SigKill = 9, SigTerm = 15, SigChld = 17, SigTstp = 20;
    private const int SigRtMin = 32, SigRtMax = 64;

    /// <summary>
    /// The `spid` sysdig's driver reports for a delivered signal: the sender pid stored in the
    /// siginfo, but only for SIGKILL, SIGCHLD, real-time signals, and for SIGTERM/HUP/INT/TSTP/QUIT
    /// when a process sent them (si_code &lt;= 0: SI_USER, SI_QUEUE, ...). 0 otherwise (so a
    /// `kill -USR1` shows spid=0), and 0 when the kernel passed no siginfo.
    /// </summary>
    public static long SenderPid(int sig, bool hasInfo, int siCode, int infoPid)
    {
        if (!hasInfo) return 0;
        return sig switch
        {
            SigKill or SigChld => infoPid,
            SigTerm or SigHup or SigInt or SigTstp or SigQuit => siCode <= 0 ? infoPid : 0,
            >= SigRtMin and <= SigRtMax => infoPid,
            _ => 0,
        };
    }
}

internal sealed partial class LiveEventDecoder
{
    /// <summary>Pages to KB (x86_64 pages are 4 KiB), clipped to the u32 the event carries.</summary>
    private static uint PagesToKb(ulong pages) => (uint)Math.Min(pages << 2, uint.MaxValue);

    /// <summary>switch: next tid, then the previous task's fault counts and memory sizes.</summary>
    private void WriteContextSwitch(ulong ts, KernelRecord r)
    {
        _b.Begin(ts, r.Tid, TracepointEvents.SwitchE);
        _b.I64((int)(uint)r.Arg(0));          // next (0: the idle task)
        _b.U64(r.Arg(1));                     // pgft_maj
        _b.U64(r.Arg(2));                     // pgft_min
        _b.U32(PagesToKb(r.Arg(3)));          // vm_size
        _b.U32(PagesToKb(r.Arg(4)));          // vm_rss
        _b.U32(PagesToKb(r.Arg(5)));          // vm_swap
    }

    /// <summary>signaldeliver: sender (per the driver's rule), receiving thread, signal.</summary>
    private void WriteSignalDelivery(ulong ts, KernelRecord r)
    {
        int sig = (int)r.Arg(0);
        _b.Begin(ts, r.Tid, TracepointEvents.SignalDeliverE);
        _b.I64(TracepointEvents.SenderPid(sig, r.Arg(1) != 0, (int)r.Arg(2), (int)r.Arg(3)));
        _b.I64(r.Tid);
        _b.U8((uint)sig);
    }
}
