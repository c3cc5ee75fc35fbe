using System.Globalization;
using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.State;

namespace Sharpdig.Filtering;

/// <summary>A compiled filter: one delegate per node, built once, run per event.</summary>
public sealed class CompiledFilter(Func<EventContext, bool> run, string text, bool[]? possibleTypes, bool[]? certainTypes = null)
{
    public string Text { get; } = text;
    public bool Matches(EventContext ctx) => run(ctx);
    /// <summary>Per event type, whether the filter can match it at all (null: any type). <see cref="Matches"/> checks it too.</summary>
    public bool[]? PossibleTypes { get; } = possibleTypes;
    /// <summary>
    /// Per event type, whether the filter surely matches it, when it reads nothing but the type
    /// (e.g. "evt.type=procinfo"; null: no such type). Running it on those types can be skipped.
    /// </summary>
    public bool[]? CertainTypes { get; } = certainTypes;

    /// <summary>Parses and compiles <paramref name="text"/>; on failure the exception carries a one-line message.</summary>
    public static CompiledFilter Compile(string text)
    {
        var root = FilterParser.Parse(text, checkFields: true);
        var (possible, certain) = EventTypePrefilter.Verdicts(root, c => FilterCompiler.CompileCheck(c, text));
        return new(FilterCompiler.Compile(root, text, possible), text, possible, certain);
    }

    public static bool TryCompile(string text, out CompiledFilter? filter, out string error)
    {
        try { filter = Compile(text); error = ""; return true; }
        catch (FilterSyntaxException e) { filter = null; error = e.Message; return false; }
    }
}

/// <summary>Turns the AST into delegates, checking each field and value the way sysdig does at compile time.</summary>
internal static class FilterCompiler
{
    public static Func<EventContext, bool> Compile(GroupNode root, string text) => Compile(root, text, PossibleTypes(root, text));

    internal static Func<EventContext, bool> Compile(GroupNode root, string text, bool[]? possible)
    {
        var run = CompileGroup(root, text);
        // A filter on the type alone is decided by tables (generic events included), run only
        // where they cannot tell (a generic event without a known syscall id).
        if (EventTypePrefilter.OnlyTypeChecks(root) && TypeOnlyVerdicts.Build(run) is { } verdicts)
            return ctx => verdicts.TryDecide(ctx.Record, out bool matches) ? matches : run(ctx);
        // Events of a type the filter can never accept are turned away before any field is read.
        if (possible is null) return run;
        return ctx => possible[ctx.Record.Type] && run(ctx);
    }

    /// <summary>The event types the filter may accept (null: any), see <see cref="EventTypePrefilter"/>.</summary>
    internal static bool[]? PossibleTypes(GroupNode root, string text) =>
        EventTypePrefilter.PossibleTypes(root, c => CompileCheck(c, text));

    /// <summary>The filter without its event-type prefilter (tests check both agree).</summary>
    internal static Func<EventContext, bool> CompileWithoutPrefilter(GroupNode root, string text) => CompileGroup(root, text);

    private static Func<EventContext, bool> CompileNode(FilterNode node, string text) => node switch
    {
        GroupNode g => CompileGroup(g, text),
        CheckNode c => CompileCheck(c, text),
        _ => throw new InvalidOperationException(),
    };

    private static Func<EventContext, bool> CompileGroup(GroupNode g, string text)
    {
        var items = g.Items;
        if (items.Count == 0) return static _ => true;
        var ops = items.Select(i => i.Op).ToArray();
        var nodes = items.Select(i => CompileNode(i.Node, text)).ToArray();
        if (nodes.Length == 1)
        {
            var only = nodes[0];
            return ops[0] == BoolOp.Not ? ctx => !only(ctx) : only;
        }
        bool allAnd = ops.Skip(1).All(o => o == BoolOp.And) && ops[0] == BoolOp.None;
        bool allOr = ops.Skip(1).All(o => o == BoolOp.Or) && ops[0] == BoolOp.None;
        if (allAnd && nodes.Length == 2) { var a = nodes[0]; var b = nodes[1]; return ctx => a(ctx) && b(ctx); }
        if (allAnd) return ctx => { foreach (var n in nodes) if (!n(ctx)) return false; return true; };
        if (allOr) return ctx => { foreach (var n in nodes) if (n(ctx)) return true; return false; };
        return ctx =>
        {
            // sysdig's left-to-right evaluation; a join without 'and'/'or' (a stray 'not') is ignored.
            bool res = ops[0] == BoolOp.Not ? !nodes[0](ctx) : nodes[0](ctx);
            for (int i = 1; i < nodes.Length; i++)
            {
                switch (ops[i])
                {
                    case BoolOp.Or: if (res) return true; res = nodes[i](ctx); break;
                    case BoolOp.And: if (!res) return false; res = nodes[i](ctx); break;
                    case BoolOp.OrNot: if (res) return true; res = !nodes[i](ctx); break;
                    case BoolOp.AndNot: if (!res) return false; res = !nodes[i](ctx); break;
                }
            }
            return res;
        };
    }

    /// <summary>The error for a field that does not compile, worded and placed as sysdig reports it.</summary>
    internal static FilterSyntaxException FieldError(int position, string field, string error) =>
        new(position + field.Length, error.StartsWith("unrecognized field") ? $"filter error: {error} at pos {position}" : error);

    internal static Func<EventContext, bool> CompileCheck(CheckNode c, string text)
    {
        int errPos = c.Position + c.Field.Length;
        int valuePos = c.End >= 0 ? c.End : errPos;   // where sysdig reports a value it cannot take
        if (!FieldCatalog.TryCompileAt(c.Field, 0, requireWhole: true, out var x, out _, out string error))
            throw FieldError(c.Position, c.Field, error);

        if (x.Type == FieldType.Double && c.Op != CompareOp.Exists)
            throw new FilterSyntaxException(errPos, $"field {c.Field} has type DOUBLE, which filters cannot compare");
        if (c.Op == CompareOp.PMatch && x.Kind != ValueKind.Text)
            throw new FilterSyntaxException(errPos, "pmatch requires all charbuf arguments");

        if (x is EventFieldExtractor { IsAroundField: true } around) return AroundTest(around, c);

        // evt.type: values must name events, and the common = / != / in tests run on type codes.
        if (x.Info.Name == "evt.type")
        {
            foreach (var v in c.Values)
                if (!EventNames.Contains(v)) throw new FilterSyntaxException(valuePos, $"unknown event type {v}");
            if (c.Op is CompareOp.Equal or CompareOp.NotEqual or CompareOp.In)
                return EventTypeTest(c.Op, c.Values);
        }

        Func<EventContext, bool> predicate;
        if (c.Op == CompareOp.Exists && x.Info.IsFilterOnly && x.Type is FieldType.IPAddr or FieldType.IPNet)
        {
            var refused = new RefusedAtRunTime(IpOperatorsOnly);
            if (x is FdFieldExtractor { IsEitherEnd: true } ends)
                return ctx => (ends.ExtractEnd(ctx, 0) || ends.ExtractEnd(ctx, 1)) && refused.Test(x);
            return ctx => x.Extract(ctx) && refused.Test(x);
        }
        if (c.Op == CompareOp.Exists)
        {
            predicate = x switch
            {
                FdFieldExtractor { IsEitherEnd: true } fx => ctx => fx.ExtractEnd(ctx, 0) || fx.ExtractEnd(ctx, 1),
                _ => ctx => x.Extract(ctx),
            };
            return predicate;
        }

        var test = BuildTest(x, c, valuePos);
        return x switch
        {
            FdFieldExtractor { IsEitherEnd: true } fx =>
                ctx => (fx.ExtractEnd(ctx, 0) && test.Test(fx)) || (fx.ExtractEnd(ctx, 1) && test.Test(fx)),
            ProcessFieldExtractor { IsAnyAncestor: true } px => ctx => px.AnyAncestor(ctx, test.Test),
            _ => ctx => x.Extract(ctx) && test.Test(x),
        };
    }

    /// <summary>evt.around[T]=D (D in milliseconds): only '=' and one number; errors point past the value as sysdig's do.</summary>
    private static Func<EventContext, bool> AroundTest(EventFieldExtractor around, CheckNode c)
    {
        string value = c.Values.Count > 0 ? c.Values[0] : "";
        int endPos = c.Position + c.Field.Length + OpLength(c.Op) + value.Length;
        if (c.Op != CompareOp.Equal) throw new FilterSyntaxException(endPos, "evt.around supports only '=' comparison operator");
        if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ms))
            throw new FilterSyntaxException(endPos, $"{value} is not a valid number");
        ulong deltaNs = unchecked(ms * 1_000_000);
        return ctx => around.IsAround(ctx, deltaNs);
    }

    private static int OpLength(CompareOp op) => op switch
    {
        CompareOp.Equal or CompareOp.Less or CompareOp.Greater => 1,
        CompareOp.NotEqual or CompareOp.LessEqual or CompareOp.GreaterEqual => 2,
        _ => op.ToString().Length + 2,
    };

    private static readonly HashSet<string> EventNames = BuildEventNames();

    private static HashSet<string> BuildEventNames()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in EventTable.All) set.Add(e.Name);
        foreach (var s in SymbolTables.SyscallNames) if (s is not null) set.Add(s);
        return set;
    }

    // evt.type is answered from tables built once: one verdict per event type, and for the
    // generic syscall events (whose name is their syscall's) one per syscall id.
    private static Func<EventContext, bool> EventTypeTest(CompareOp op, IReadOnlyList<string> values)
    {
        var names = new HashSet<string>(values, StringComparer.Ordinal);
        bool negate = op == CompareOp.NotEqual;
        var byType = new bool[EventTable.Count];
        for (int i = 0; i < byType.Length; i++) byType[i] = names.Contains(EventTable.Get(i).Name) != negate;
        var syscalls = SymbolTables.SyscallNames;
        var bySyscall = new bool[syscalls.Length];
        for (int i = 0; i < bySyscall.Length; i++) bySyscall[i] = syscalls[i] is { Length: > 0 } n && names.Contains(n) != negate;
        return ctx =>
        {
            var e = ctx.Record;
            if (e.Type is EventTable.Codes.GenericE or EventTable.Codes.GenericX && e.ParamCount > 0)
            {
                ulong id = EventFieldExtractor.ReadUnsigned(e.GetParam(0));
                if (id < (ulong)bySyscall.Length && syscalls[id] is { Length: > 0 }) return bySyscall[id];
            }
            return byType[e.Type];
        };
    }

    private static ValueTest BuildTest(FieldExtractor x, CheckNode c, int errPos)
    {
        var op = c.Op;
        switch (x.Type)
        {
            case FieldType.IPAddr:
            {
                var list = new List<byte[]>();
                foreach (var v in c.Values)
                {
                    // sysdig reads a value with a dot as IPv4, anything else as IPv6.
                    if (!v.Contains('.'))
                    {
                        if (!IpText.TryParseV6(v, out var b6)) throw new FilterSyntaxException(errPos, $"unrecognized IPv6 address {v}");
                        list.Add(b6);
                    }
                    else
                    {
                        if (!IpText.TryParseV4(v, out uint a)) throw new FilterSyntaxException(errPos, $"unrecognized IPv4 address {v}");
                        list.Add(BitConverter.GetBytes(a));
                    }
                }
                if (op is not (CompareOp.Equal or CompareOp.NotEqual or CompareOp.In or CompareOp.Intersects))
                    return new RefusedAtRunTime(IpOperatorsOnly);
                return new IpTest(op, list.ToArray());
            }
            case FieldType.IPNet:
            {
                if (op is not (CompareOp.Equal or CompareOp.NotEqual)) return new RefusedAtRunTime(IpOperatorsOnly);
                string v = c.Values[0];
                int slash = v.IndexOf('/');
                if (v.Contains(':')) throw new FilterSyntaxException(errPos, $"unrecognized IPv6 address {v}");
                if (slash < 0 || !IpText.TryParseV4(v[..slash], out uint net) || !int.TryParse(v[(slash + 1)..], out int bits) || bits < 0 || bits > 32)
                    throw new FilterSyntaxException(errPos, $"unrecognized IP network {v}");
                uint hostMask = bits == 0 ? 0 : uint.MaxValue << (32 - bits);
                uint mask = (uint)System.Net.IPAddress.HostToNetworkOrder((int)hostMask);
                return new NetTest(op, net, mask);
            }
        }

        switch (x.Kind)
        {
            case ValueKind.Text:
            case ValueKind.Bytes:
                return new TextTest(op, Utf8Values.Of(c.Values));
            case ValueKind.Signed:
            case ValueKind.Unsigned:
            case ValueKind.Bool:
            {
                if (op is CompareOp.Contains or CompareOp.IContains or CompareOp.StartsWith or CompareOp.EndsWith or CompareOp.Glob)
                    throw new FilterSyntaxException(errPos, $"'{OpName(op)}' not supported for numeric filters", withPosition: false);
                var parsed = c.Values.Select(v => ParseNumber(x, v, errPos)).ToArray();
                return x.Kind == ValueKind.Signed ? new SignedTest(op, parsed.Select(p => (long)p).ToArray())
                    : new UnsignedTest(op, parsed);
            }
        }
        throw new FilterSyntaxException(errPos, $"field {c.Field} cannot be compared");
    }

    /// <summary>
    /// A filter value for a numeric field, as sysdig's scanf-based parser reads it: optional sign,
    /// decimal digits, nothing else; then cut to the field's width. Bools take only true/false and
    /// ports also take service names.
    /// </summary>
    private static ulong ParseNumber(FieldExtractor x, string v, int errPos)
    {
        if (x.Type == FieldType.Bool)
        {
            if (v == "true") return 1;
            if (v == "false") return 0;
            throw new FilterSyntaxException(errPos, $"filter error: unrecognized boolean value {v}");
        }
        string s = v.TrimStart(' ', '\t', '\n');
        bool neg = s.StartsWith('-');
        string digits = s.StartsWith('-') || s.StartsWith('+') ? s[1..] : s;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            if (x.Type == FieldType.Port)
            {
                if (Formatting.ServiceTable.System.TryGetPort(v, out int port)) return (ulong)port;
                throw new FilterSyntaxException(errPos, $"unrecognized protocol {v}");
            }
            throw new FilterSyntaxException(errPos, $"{v} is not a valid number");
        }
        ulong magnitude = ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : ulong.MaxValue;
        ulong raw = neg ? unchecked(0 - magnitude) : magnitude;
        return x.Type switch
        {
            FieldType.Int16 => unchecked((ulong)(long)(short)raw),
            FieldType.Int32 => unchecked((ulong)(long)(int)raw),
            FieldType.UInt32 => raw & 0xFFFF_FFFF,
            FieldType.Port => raw & 0xFFFF,
            _ => raw,
        };
    }

    private const string IpOperatorsOnly = "filter error: IP filter only supports '=' and '!=' operators";

    private static string OpName(CompareOp op) => op.ToString().ToLowerInvariant();
}
