using System.Diagnostics;
using System.Text.RegularExpressions;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Capture.Dump;

/// <summary>Running sharpdig and sysdig as processes in a folder, and comparing what they write.</summary>
public static partial class DumpTestSupport
{
    /// <summary>Runs the sharpdig assembly the tests were built with (`dotnet sharpdig.dll`), TZ=UTC.</summary>
    public static (string Stdout, string Stderr, int ExitCode) RunSharpdig(string workDir, params string[] args) =>
        Run("dotnet", [typeof(Sharpdig.Cli.Program).Assembly.Location, .. args], workDir);

    public static (string Stdout, string Stderr, int ExitCode) RunSysdig(string workDir, params string[] args) =>
        Run(SysdigOracle.Path, args, workDir);

    public static Process Start(string file, IEnumerable<string> args, string workDir)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false, WorkingDirectory = workDir,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        return Process.Start(psi)!;
    }

    private static (string, string, int) Run(string file, IEnumerable<string> args, string workDir)
    {
        using var p = Start(file, args, workDir);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail($"{file} {string.Join(' ', args)} timed out"); }
        return (stdout, stderr.Result, p.ExitCode);
    }

    /// <summary>sysdig's default output of a file without the evt.num column (numbers restart per file).</summary>
    public static string SysdigLines(string file, params string[] extra)
    {
        var (stdout, stderr, rc) = SysdigOracle.Run(["-r", file, .. extra]);
        Assert.True(rc == 0, $"sysdig -r {file} failed ({rc}): {stderr}");
        return EventNumber().Replace(stdout, "");
    }

    [GeneratedRegex(@"^\d+ ", RegexOptions.Multiline)]
    private static partial Regex EventNumber();

    /// <summary>
    /// Number of events in a capture (read with our reader), leaving out the state-only ones our
    /// rotated files start with (sysdig writes none there).
    /// </summary>
    public static long CountEvents(string path)
    {
        using var r = new ScapFileReader(path);
        var rec = new EventRecord();
        long n = 0;
        while (r.TryReadNext(rec)) if (!rec.IsStateOnly) n++;
        return n;
    }

    /// <summary>
    /// A bigger capture for rotation tests: curl_google's events (rewritten in the current format)
    /// repeated with shifted times, written to <paramref name="path"/>.
    /// </summary>
    public static void WriteRepeatedCurl(string path, int minEvents)
    {
        string src = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        var events = new List<(byte[] Raw, ushort Cpu)>();
        Sharpdig.Capture.CaptureMetadata md;
        using (var reader = new ScapFileReader(src))
        {
            var rec = new EventRecord();
            while (reader.TryReadNext(rec)) events.Add((rec.RawRecord.ToArray(), rec.Cpu));
            md = reader.Metadata;
        }
        ulong first = BitConverter.ToUInt64(events[0].Raw), last = BitConverter.ToUInt64(events[^1].Raw);
        ulong span = last - first + 1_000_000;
        using var w = new ScapFileWriter(path, md, compress: false);
        var r = new EventRecord();
        int written = 0;
        for (ulong round = 0; written < minEvents; round++)
            foreach (var (raw, cpu) in events)
            {
                var copy = (byte[])raw.Clone();
                BitConverter.TryWriteBytes(copy, BitConverter.ToUInt64(raw) + round * span);
                r.Load(copy, 0, copy.Length, cpu, 0);
                w.WriteEvent(r);
                written++;
            }
    }

    /// <summary>The files a run left in <paramref name="dir"/> (besides <paramref name="except"/>), by name.</summary>
    public static string[] FilesIn(string dir, params string[] except) =>
        Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => !except.Contains(n)).Order(StringComparer.Ordinal).ToArray()!;
}
