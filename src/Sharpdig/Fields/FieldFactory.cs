using System.Diagnostics.CodeAnalysis;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>Creates the extractor for a resolved catalog entry, by field class.</summary>
internal static class FieldFactory
{
    public static bool TryCreate(FieldInfo info, string text, FieldArgument? arg,
        [NotNullWhen(true)] out FieldExtractor? extractor, out string error)
    {
        string n = info.Name;
        if (n.StartsWith("evt.", StringComparison.Ordinal) || n == "syscall.type")
            return EventFieldExtractor.TryCreate(info, text, arg, out extractor, out error);
        if (n.StartsWith("proc.", StringComparison.Ordinal) || n.StartsWith("thread.", StringComparison.Ordinal))
            return ProcessFieldExtractor.TryCreate(info, text, arg, out extractor, out error);
        if (n.StartsWith("fd.", StringComparison.Ordinal))
            return FdFieldExtractor.TryCreate(info, text, arg, out extractor, out error);
        if (n.StartsWith("user.", StringComparison.Ordinal) || n.StartsWith("group.", StringComparison.Ordinal))
            return UserFieldExtractor.TryCreate(info, text, out extractor, out error);
        if (n.StartsWith("container.", StringComparison.Ordinal))
            return ContainerFieldExtractor.TryCreate(info, text, arg, out extractor, out error);
        if (n.StartsWith("syslog.", StringComparison.Ordinal))
            return SyslogFieldExtractor.TryCreate(info, text, out extractor, out error);
        if (n.StartsWith("fdlist.", StringComparison.Ordinal))
            return FdListFieldExtractor.TryCreate(info, text, out extractor, out error);
        if (n.StartsWith("span.", StringComparison.Ordinal))
        {
            extractor = new SpanFieldExtractor(info, text);
            error = "";
            return true;
        }
        error = "";
        // k8s, mesos/marathon and evtin need metadata or tracer events that
        // captures read here never carry: they exist (filters and formats accept them) but have no value.
        extractor = new AbsentFieldExtractor(info, text);
        return true;
    }
}

/// <summary>A field that never has a value in this build (see <see cref="FieldFactory"/>).</summary>
internal sealed class AbsentFieldExtractor(FieldInfo info, string text) : FieldExtractor(info, text)
{
    public override bool Extract(EventContext ctx) => false;
}
