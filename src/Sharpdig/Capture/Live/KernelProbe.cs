using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Sharpdig.Capture.Live;

/// <summary>
/// The loaded and attached kernel program (bpf/sharpdig.bpf.c) through libbpf: opens the embedded
/// CO-RE object, sizes its maps, sets its read-only config (our pid, snaplen), loads it (the
/// verifier runs here), writes one recipe per syscall and attaches the tracepoints.
/// </summary>
internal sealed unsafe class KernelProbe : IDisposable
{
    private const int SpecSize = 4 + 2 * SyscallRecipes.MaxItems * 4;
    private static readonly StringBuilder s_libbpfLog = new();
    private static byte[]? s_printBuffer;

    private nint _obj;
    private readonly List<nint> _links = [];
    private readonly int _countersFd;
    private readonly int _cpus;

    public RingBufferReader Ring { get; }

    private KernelProbe(nint obj, RingBufferReader ring, int countersFd, int cpus)
    {
        _obj = obj; Ring = ring; _countersFd = countersFd; _cpus = cpus;
    }

    /// <summary>
    /// Loads and attaches the program, or throws <see cref="LiveCaptureException"/> saying why not.
    /// <paramref name="capture"/> picks the syscalls, and the tracepoint events (switch,
    /// signaldeliver, page_fault) through their pseudo recipes in <see cref="TracepointEvents"/>;
    /// page faults only with <paramref name="pageFaults"/> (--page-faults).
    /// </summary>
    public static KernelProbe Start(uint snaplen, uint ringBytes, Func<SyscallRecipe, bool>? capture, bool includeSelf,
        bool pageFaults = false)
    {
        Preflight();
        byte[] image = LoadObjectImage();
        s_libbpfLog.Clear();
        LibBpf.SetPrint(&OnLibbpfMessage);
        nint obj;
        fixed (byte* p = image)
            obj = LibBpf.ObjectOpenMem(p, (nuint)image.Length, 0);
        if (obj == 0)
            throw new LiveCaptureException("libbpf cannot open the capture program", s_libbpfLog.ToString());
        try
        {
            int cpus = Math.Max(1, LibBpf.NumPossibleCpus());
            nint events = RequireMap(obj, "events"), scratch = RequireMap(obj, "scratch_map");
            LibBpf.MapSetMaxEntries(events, ringBytes);
            LibBpf.MapSetMaxEntries(scratch, (uint)cpus);
            nint rodata = RequireMap(obj, ".rodata");
            nuint size;
            byte* cfg = LibBpf.MapInitialValue(rodata, &size);
            if (cfg == null || size < 8) throw new LiveCaptureException("the capture program has no config section");
            *(uint*)cfg = includeSelf ? 0u : (uint)Environment.ProcessId;
            *(uint*)(cfg + 4) = snaplen;
            // The syscall programs always; a tracepoint event's program only if it is wanted, so that
            // a filter naming other event types costs nothing at context switches. Unwanted ones are
            // not even loaded (a kernel without a tracepoint then still runs the rest).
            var programs = new List<string> { "sys_enter", "sys_exit", "sched_process_exit" };
            programs.AddRange(TracepointEvents.ProgramsFor(capture, pageFaults));
            foreach (var (program, _, _) in TracepointEvents.Programs)
                if (!programs.Contains(program) && LibBpf.FindProgram(obj, program) is var unwanted and not 0)
                    LibBpf.ProgramSetAutoload(unwanted, false);

            if (LibBpf.ObjectLoad(obj) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                string log = s_libbpfLog.ToString();
                bool perm = errno is 1 or 13 || log.Contains("Operation not permitted");
                throw new LiveCaptureException(perm
                    ? "the kernel refused to load the capture program: permission denied (run as root, with CAP_BPF and CAP_PERFMON)"
                    : "the kernel's verifier rejected the capture program (run with -v to see its log)", log);
            }

            nint specs = RequireMap(obj, "syscall_specs");
            if (LibBpf.MapValueSize(specs) != SpecSize)
                throw new LiveCaptureException("the embedded capture program does not match this sharpdig (stale build: run scripts/build.sh)");
            WriteRecipes(LibBpf.MapFd(specs), capture);
            var ring = new RingBufferReader(LibBpf.MapFd(events), ringBytes);
            var probe = new KernelProbe(obj, ring, LibBpf.MapFd(RequireMap(obj, "counters")), cpus);
            obj = 0;   // owned by the probe now
            foreach (var name in programs)
            {
                nint prog = LibBpf.FindProgram(probe._obj, name);
                nint link = prog == 0 ? 0 : LibBpf.ProgramAttach(prog);
                if (link == 0)
                {
                    probe.Dispose();
                    throw new LiveCaptureException($"cannot attach the capture program to the {name} tracepoint", s_libbpfLog.ToString());
                }
                probe._links.Add(link);
            }
            return probe;
        }
        finally
        {
            if (obj != 0) LibBpf.ObjectClose(obj);
        }
    }

    /// <summary>What libbpf said while loading (includes the verifier log after a rejection).</summary>
    public static string LibbpfLog => s_libbpfLog.ToString();

    /// <summary>Kernel-side totals: records written and records dropped because the ring was full.</summary>
    public (ulong Written, ulong Dropped) ReadCounters()
    {
        var values = new ulong[_cpus];
        ulong w = 0, d = 0;
        fixed (ulong* v = values)
        {
            uint key = 0;
            if (LibBpf.MapLookup(_countersFd, &key, v) == 0) foreach (var x in values) w += x;
            key = 1;
            if (LibBpf.MapLookup(_countersFd, &key, v) == 0) foreach (var x in values) d += x;
        }
        return (w, d);
    }

    private static void WriteRecipes(int fd, Func<SyscallRecipe, bool>? capture)
    {
        byte* spec = stackalloc byte[SpecSize];
        foreach (var recipe in SyscallRecipes.All)
        {
            new Span<byte>(spec, SpecSize).Clear();
            spec[0] = (byte)(capture is null || capture(recipe) ? 1 : 0);
            spec[1] = (byte)recipe.Enter.Length;
            spec[2] = (byte)recipe.Exit.Length;
            for (int i = 0; i < recipe.Enter.Length; i++) WriteItem(spec + 4 + i * 4, recipe.Enter[i]);
            for (int i = 0; i < recipe.Exit.Length; i++) WriteItem(spec + 4 + (SyscallRecipes.MaxItems + i) * 4, recipe.Exit[i]);
            uint key = (uint)recipe.Nr;
            if (LibBpf.MapUpdate(fd, &key, spec, 0) != 0)
                throw new LiveCaptureException($"cannot configure the capture program (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private static void WriteItem(byte* p, CaptureItem item)
    {
        p[0] = (byte)item.Kind; p[1] = item.Arg; p[2] = item.Aux; p[3] = (byte)item.When;
    }

    private static nint RequireMap(nint obj, string name)
    {
        nint map = LibBpf.FindMap(obj, name);
        if (map == 0) throw new LiveCaptureException($"the capture program has no '{name}' map (stale build? run scripts/build.sh)");
        return map;
    }

    /// <summary>Checks what can be checked before touching libbpf, for a precise error message.</summary>
    internal static void Preflight()
    {
        if (!OperatingSystem.IsLinux())
            throw new LiveCaptureException("live capture needs Linux; use -r to read a capture file");
        ulong caps = EffectiveCapabilities();
        const int CapSysAdmin = 21, CapPerfmon = 38, CapBpf = 39;
        bool admin = (caps & (1UL << CapSysAdmin)) != 0;
        bool bpf = (caps & (1UL << CapBpf)) != 0 && (caps & (1UL << CapPerfmon)) != 0;
        if (!admin && !bpf)
            throw new LiveCaptureException("live capture needs root (CAP_BPF and CAP_PERFMON): run sharpdig with sudo, or use -r to read a file");
        if (!File.Exists("/sys/kernel/btf/vmlinux"))
            throw new LiveCaptureException("live capture needs a kernel with BTF (/sys/kernel/btf/vmlinux is missing; CONFIG_DEBUG_INFO_BTF=y)");
        if (!NativeLibrary.TryLoad("libbpf.so.1", out var handle))
            throw new LiveCaptureException("live capture needs libbpf (libbpf.so.1 not found): install the libbpf1 package, e.g. scripts/setup.sh");
        NativeLibrary.Free(handle);
    }

    private static ulong EffectiveCapabilities()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                    return Convert.ToUInt64(line[7..].Trim(), 16);
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>The BPF object: embedded at build time, or SHARPDIG_BPF_OBJECT / next to the binary.</summary>
    private static byte[] LoadObjectImage()
    {
        var env = Environment.GetEnvironmentVariable("SHARPDIG_BPF_OBJECT");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return File.ReadAllBytes(env);
        using (var s = typeof(KernelProbe).Assembly.GetManifestResourceStream("sharpdig.bpf.o"))
        {
            if (s is not null)
            {
                var buf = new byte[s.Length];
                s.ReadExactly(buf);
                return buf;
            }
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "sharpdig.bpf.o");
        if (File.Exists(beside)) return File.ReadAllBytes(beside);
        throw new LiveCaptureException("this sharpdig was built without its eBPF program (clang/bpftool missing at build time): run scripts/setup.sh");
    }

    [UnmanagedCallersOnly]
    private static int OnLibbpfMessage(int level, byte* format, nint args)
    {
        if (level > 1) return 0;   // skip DEBUG
        lock (s_libbpfLog)
        {
            // The verifier log arrives as one big %s, hence the large buffer.
            s_printBuffer ??= new byte[1 << 20];
            fixed (byte* buf = s_printBuffer)
            {
                int n = LibC.Vsnprintf(buf, (nuint)s_printBuffer.Length, format, args);
                if (n > 0 && s_libbpfLog.Length < 4 << 20)
                    s_libbpfLog.Append(Encoding.UTF8.GetString(buf, Math.Min(n, s_printBuffer.Length - 1)));
            }
        }
        return 0;
    }

    /// <summary>Detaches the tracepoints: no new records; the ring stays readable.</summary>
    public void Detach()
    {
        foreach (var link in _links) LibBpf.LinkDestroy(link);
        _links.Clear();
    }

    public void Dispose()
    {
        Detach();
        Ring.Dispose();
        if (_obj != 0) { LibBpf.ObjectClose(_obj); _obj = 0; }
    }
}
