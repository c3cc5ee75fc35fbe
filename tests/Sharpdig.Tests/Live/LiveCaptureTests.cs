using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>
/// Real eBPF captures of small workloads (root + BTF; skipped locally otherwise, never under CI):
/// each asserts the exact events and rendered arguments sysdig would show.
/// </summary>
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
            string output = "";
            var lines = LiveHarness.Capture(() =>
            {
                var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", py) { RedirectStandardOutput = true };
                using var p = System.Diagnostics.Process.Start(psi)!;
                output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
            });
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
}
