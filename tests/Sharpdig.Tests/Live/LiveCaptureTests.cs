using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>
/// Real eBPF captures of small workloads (root + BTF; skipped locally otherwise, never under CI):
/// each asserts the exact events and rendered arguments sysdig would show.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveCaptureTests
{
    private static string KnownFile(string content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sharpdig-live-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, content);
        return path;
    }

    private static List<string> EventsOf(List<LiveLine> lines, int pid) =>
        lines.Where(l => l.Pid == pid).Select(l => l.Event).ToList();

    private static void AssertHas(List<string> events, string expected)
    {
        Assert.True(events.Any(e => e.Contains(expected, StringComparison.Ordinal)),
            $"expected an event containing:\n  {expected}\ngot:\n  {string.Join("\n  ", events.Take(80))}");
    }

    [SkippableFact]
    public void CatOfAKnownFile()
    {
        string path = KnownFile("hello live world\n");
        try
        {
            int pid = 0;
            var lines = LiveHarness.Capture(() => pid = LiveHarness.Run("/bin/cat", path));
            var ev = EventsOf(lines, pid);
            AssertHas(ev, "< execve res=0 exe=/bin/cat args=" + path + ". tid=" + pid + "(cat) pid=" + pid + "(cat)");
            AssertHas(ev, $"> openat dirfd=-100(AT_FDCWD) name={path} flags=1(O_RDONLY) mode=0 ");
            AssertHas(ev, $"< openat fd=3(<f>{path}) dirfd=-100(AT_FDCWD) name={path} flags=1(O_RDONLY) mode=0 dev=");
            AssertHas(ev, $"> read fd=3(<f>{path}) size=");
            AssertHas(ev, "< read res=17 data=hello live world. ");
            AssertHas(ev, $"> close fd=3(<f>{path}) ");
            AssertHas(ev, "< close res=0 ");
            AssertHas(ev, "> procexit status=0 ret=0 sig=0 core=0 ");
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void OpenOfAMissingFile()
    {
        string path = $"/tmp/sharpdig-no-such-file-{Guid.NewGuid():N}";
        int pid = 0;
        var lines = LiveHarness.Capture(() => pid = LiveHarness.Run("/bin/cat", path));
        var ev = EventsOf(lines, pid);
        AssertHas(ev, $"< openat fd=-2(ENOENT) dirfd=-100(AT_FDCWD) name={path} flags=1(O_RDONLY) mode=0 dev=0 ");
    }

    [SkippableFact]
    public void WriteToAPipe()
    {
        int pid = 0;
        var lines = LiveHarness.Capture(() => pid = LiveHarness.Run("/bin/sh", "-c", "echo hello-pipe | cat > /dev/null; true"));
        var all = lines.Select(l => l.Event).ToList();
        AssertHas(all, "< pipe res=0 fd1=3(<p>) fd2=4(<p>) ino=");
        AssertHas(all, "> write fd=1(<p>) size=11 ");
        AssertHas(all, "< write res=11 data=hello-pipe. ");
        AssertHas(all, "< read res=11 data=hello-pipe. ");
    }

    [SkippableFact]
    public void ForkAndExecChains()
    {
        string path = KnownFile("chain\n");
        try
        {
            var lines = LiveHarness.Capture(() =>
                LiveHarness.Run("/bin/sh", "-c", $"/bin/bash -c '/bin/cat {path}; true'; true"));
            var cat = lines.Where(l => l.ProcessName == "cat" && l.Event.Contains($"name={path}")).ToList();
            Assert.NotEmpty(cat);
            Assert.All(cat, l => Assert.Equal("bash", l.ParentName));    // proc.pname
            Assert.All(cat, l => Assert.Equal("sh", l.GrandparentName)); // proc.aname[2]
            var ev = lines.Select(l => l.Event).ToList();
            AssertHas(ev, "< vfork res=0 exe=/bin/sh args=-c./bin/bash -c '/bin/cat");   // dash spawns with vfork
            AssertHas(ev, "< clone res=0 exe=/bin/bash args=-c./bin/cat " + path + "; true.");
            AssertHas(ev, "< execve res=0 exe=/bin/bash args=-c./bin/cat " + path + "; true.");
            AssertHas(ev, "< execve res=0 exe=/bin/cat args=" + path + ".");
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void ExecAndCloneReportTheWorkingDirectory()
    {
        // A name with a space, and /proc/sys, which sits on a mount of its own (the walk crosses it).
        string dir = Path.Combine(Path.GetTempPath(), $"sharpdig-cwd-{Guid.NewGuid():N}", "a dir");
        Directory.CreateDirectory(dir);
        try
        {
            int inDir = 0, inProc = 0;
            var lines = LiveHarness.Capture(() =>
            {
                inDir = LiveHarness.RunIn(dir, "/bin/sh", "-c", "/bin/true; true");
                inProc = LiveHarness.RunIn("/proc/sys", "/bin/sh", "-c", "/bin/true; true");
            });
            var ev = EventsOf(lines, inDir);
            AssertHas(ev, $"< execve res=0 exe=/bin/sh args=-c./bin/true; true. tid={inDir}(sh) pid={inDir}(sh) ");
            AssertHas(ev, $" cwd={dir} fdlimit=");
            Assert.Contains(lines, l => l.Event.StartsWith("< vfork res=0 ", StringComparison.Ordinal) && l.Event.Contains($" cwd={dir} fdlimit="));
            AssertHas(EventsOf(lines, inProc), " cwd=/proc/sys fdlimit=");
        }
        finally { Directory.Delete(Path.GetDirectoryName(dir)!, true); }
    }

    [SkippableFact]
    public void TcpConnectAndAcceptOnLoopback()
    {
        const string script = """
            import socket
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
            port = s.getsockname()[1]
            c = socket.socket(); c.connect(("127.0.0.1", port))
            a, _ = s.accept()
            c.send(b"ping"); a.recv(16)
            print(port, c.getsockname()[1])
            """;
        string py = Path.Combine(Path.GetTempPath(), $"sharpdig-live-{Guid.NewGuid():N}.py");
        File.WriteAllText(py, script);
        try
        {
            var (lines, output) = LiveHarness.CapturePython(py);
            var ports = output.Trim().Split(' ');
            string server = ports[0], client = ports[1];
            var ev = lines.Where(l => l.ProcessName.StartsWith("python", StringComparison.Ordinal)).Select(l => l.Event).ToList();
            string tuple = $"127.0.0.1:{client}->127.0.0.1:{server}";
            AssertHas(ev, $"> connect fd=4(<4>) addr=127.0.0.1:{server} ");
            AssertHas(ev, $"< connect res=0 tuple={tuple} ");
            AssertHas(ev, $"< accept fd=5(<4t>{tuple}) tuple={tuple} queuepct=");
            AssertHas(ev, $"> sendto fd=4(<4t>{tuple}) size=4 tuple={tuple} ");
        }
        finally { File.Delete(py); }
    }

    [SkippableFact]
    public void VectorIoDataIsConcatenatedAcrossIovecs()
    {
        // Two-part and many-part iovecs on a pipe and a unix datagram socketpair: the kernel program
        // walks each iovec array, and the rendered data is the concatenation, capped by res and snaplen.
        const string script = """
            import os, socket
            r, w = os.pipe()
            os.writev(w, [b"hello-", b"vector"])
            os.readv(r, [bytearray(4), bytearray(20)])
            os.writev(w, [bytes([65 + i]) * (i + 1) for i in range(20)])
            os.read(r, 1000)
            a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            a.sendmsg([b"msg-", b"parts"])
            b.recvmsg_into([bytearray(3), bytearray(30)])
            """;
        string py = Path.Combine(Path.GetTempPath(), $"sharpdig-live-{Guid.NewGuid():N}.py");
        File.WriteAllText(py, script);
        try
        {
            var (lines, _) = LiveHarness.CapturePython(py);
            var ev = lines.Where(l => l.ProcessName.StartsWith("python", StringComparison.Ordinal)).Select(l => l.Event).ToList();
            // enter events: size is the sum of all iov_len (fd numbers are python's business)
            Assert.Contains(ev, e => e.StartsWith("> writev fd=", StringComparison.Ordinal) && e.EndsWith("(<p>) size=12 ", StringComparison.Ordinal));
            Assert.Contains(ev, e => e.StartsWith("> sendmsg fd=", StringComparison.Ordinal) && e.Contains("(<u>) size=9 tuple=", StringComparison.Ordinal));
            AssertHas(ev, "< writev res=12 data=hello-vector ");
            AssertHas(ev, "< readv res=12 size=24 data=hello-vector ");
            // 20 iovecs of 1..20 bytes: 210 in all, the first 80 shown (snaplen)
            AssertHas(ev, "< writev res=210 data=ABBCCCDDDDEEEEEFFFFFFGGGGGGGHHHHHHHHIIIIIIIIIJJJJJJJJJJKKKKKKKKKKKLLLLLLLLLLLLMM ");
            AssertHas(ev, "< sendmsg res=9 data=msg-parts ");
            AssertHas(ev, "< recvmsg res=9 size=33 data=msg-parts tuple=");
        }
        finally { File.Delete(py); }
    }

    [SkippableFact]
    public void WithoutPrivilegesTheErrorIsOneClearLine()
    {
        LiveHarness.RequireLive();
        Skip.IfNot(File.Exists("/usr/bin/setpriv"), "setpriv (util-linux) is not installed");
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", Path.Combine(TestPaths.RepoRoot, ".build", "bin", "sharpdig"), "-n", "1" })
            psi.ArgumentList.Add(a);
        Skip.IfNot(File.Exists(psi.ArgumentList[5]), "the native binary is not built (./sharpdig builds it)");
        using var p = System.Diagnostics.Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Equal("live capture needs root (CAP_BPF and CAP_PERFMON): run sharpdig with sudo, or use -r to read a file\n", err);
    }

    [SkippableFact]
    public void OwnSyscallsAreLeftOutUnlessDebug()
    {
        LiveHarness.RequireLive();
        // In-process runs: the capture's own threads (sleeping drain, reading /proc) make syscalls.
        string self = $"proc.pid={Environment.ProcessId}";
        var (rc, quiet) = ToolRunner.RunSharpdig("-M", "1", self);
        Assert.Equal(0, rc);
        Assert.Equal("", quiet);
        var (drc, debug) = ToolRunner.RunSharpdig("-D", "-M", "1", self);
        Assert.Equal(0, drc);
        Assert.NotEqual("", debug);
    }

    [SkippableFact]
    public void BusyProcessGetsCpuSamplesLikeSysdigsProcinfo()
    {
        LiveHarness.RequireLive();
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("while :; do :; done");
        using var burner = System.Diagnostics.Process.Start(psi)!;
        try
        {
            Assert.True(Sharpdig.Fields.FieldCatalog.TryCompileAt("thread.cpu", 0, true, out var cpu, out _, out var error), error);
            var samples = new List<double>();
            using var live = Sharpdig.Capture.Live.LiveCaptureSource.Start(new Sharpdig.Capture.Live.LiveCaptureOptions());
            var loop = new Sharpdig.Cli.EventLoop
            {
                Source = live, ShowInternal = true,
                Output = new EachEvent(ctx =>
                {
                    if (ctx.Record.Type == Sharpdig.Events.EventTable.Codes.ProcInfoE && ctx.Record.ThreadId == burner.Id && cpu!.Extract(ctx))
                        samples.Add(cpu.RealValue);
                }),
            };
            var thread = new Thread(loop.Run) { IsBackground = true };
            thread.Start();
            Thread.Sleep(4500);   // a baseline at the start, then a sample a second
            live.Stop();
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the live event loop did not stop");
            // One sample a second; thread.cpu is the CPU ticks (1/100 s) since the previous one, at most 100.
            Assert.True(samples.Count >= 3, $"only {samples.Count} procinfo samples of the busy process");
            Assert.All(samples, v => Assert.InRange(v, 0, 100));
            // Other tests may share the two CPUs, so only ask for a clearly busy thread.
            Assert.True(samples.Max() >= 10, $"a busy loop used at most {samples.Max()}% of a CPU: {string.Join(", ", samples)}");
        }
        finally { burner.Kill(); }
    }

    private sealed class EachEvent(Action<Sharpdig.State.EventContext> onEvent) : Sharpdig.Cli.IEventOutput
    {
        public void Write(Sharpdig.State.EventContext ctx, Sharpdig.Formatting.ByteWriter output) => onEvent(ctx);
    }
}
