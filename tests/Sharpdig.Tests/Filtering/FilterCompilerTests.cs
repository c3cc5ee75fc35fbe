using Sharpdig.Filtering;
using Xunit;

namespace Sharpdig.Tests.Filtering;

/// <summary>Compile-time checks: fields, value parsing per field type, operator/type combinations.</summary>
public class FilterCompilerTests
{
    [Theory]
    [InlineData("proc.name=cat")]
    [InlineData("evt.num>=1000 and evt.num<1010")]
    [InlineData("evt.rawarg.res<0 or evt.rawarg.fd<0")]
    [InlineData("evt.type=execve and evt.arg.ptid=bash")]
    [InlineData("evt.arg[0] contains /etc")]
    [InlineData("proc.aname[1]=bash")]
    [InlineData("proc.apid=1")]
    [InlineData("evt.type.is.open=1")]
    [InlineData("thread.cgroup.cpuacct exists")]
    [InlineData("k8s.pod.label.app exists")]
    [InlineData("evt.failed=true")]
    [InlineData("evt.is_io=false")]
    [InlineData("fd.sip=2001:db8::3")]
    [InlineData("fd.ip=1.2.3.4")]
    [InlineData("fd.net=10.0.0.0/8")]
    [InlineData("fd.port=80")]
    [InlineData("fd.port=http")]
    [InlineData("fd.name pmatch (/etc, /usr/lib)")]
    [InlineData("evt.type in (open, close)")]
    [InlineData("evt.num=-1")]
    [InlineData("proc.name=")]
    [InlineData("fd.ip exists")]          // refused only when an event has an address (see BadInputTests)
    [InlineData("fd.ip>1.2.3.4")]
    public void Accepts_what_sysdig_accepts(string text) =>
        Assert.True(CompiledFilter.TryCompile(text, out _, out var error), error);

    [Theory]
    [InlineData("proc.nme=cat", "unrecognized field proc.nme")]
    [InlineData("proc.namex=cat", "unrecognized field")]
    [InlineData("evt.num>abc", "abc is not a valid number")]
    [InlineData("evt.num=0x10", "not a valid number")]
    [InlineData("proc.pid=1.5", "not a valid number")]
    [InlineData("evt.failed=yes", "unrecognized boolean value yes")]
    [InlineData("evt.failed=1", "unrecognized boolean value")]
    [InlineData("evt.type=foo", "unknown event type foo")]
    [InlineData("evt.type contains ope", "unknown event type ope")]
    [InlineData("evt.arg.foo=1", "unknown event argument foo")]
    [InlineData("evt.arg=1", "filter syntax error: evt.arg")]
    [InlineData("fd.ip=1.2.3", "unrecognized IPv4 address")]
    [InlineData("fd.net=1.2.3.0", "unrecognized IP network")]
    [InlineData("fd.net=2600:1f18::/32", "unrecognized IPv6 address")]
    [InlineData("fd.port=nosuchsvc", "unrecognized protocol")]
    [InlineData("proc.fdusage>0.5", "DOUBLE")]
    [InlineData("evt.num contains 1", "'contains' not supported for numeric filters")]
    [InlineData("proc.pid pmatch (/usr)", "pmatch requires all charbuf arguments")]
    public void Refuses_bad_fields_and_values(string text, string message)
    {
        Assert.False(CompiledFilter.TryCompile(text, out _, out var error));
        Assert.Contains(message, error);
        Assert.DoesNotContain('\n', error);
    }
}
