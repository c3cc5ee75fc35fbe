using System.Diagnostics;
using System.Text;

namespace Sharpdig.Tests.Support;

/// <summary>Runs sharpdig in-process and the real sysdig (when installed) on the same arguments.</summary>
public static class ToolRunner
{
    public const string SysdigPath = "/usr/bin/sysdig";

    public static (int Rc, string Out) RunSharpdig(params string[] args)
    {
        var ms = new MemoryStream();
        int rc = Sharpdig.Cli.Program.Run(args, ms);
        return (rc, Encoding.UTF8.GetString(ms.ToArray()));
    }

    public static string RunSysdig(params string[] args)
    {
        var psi = new ProcessStartInfo(SysdigPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string o = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return o;
    }
}
