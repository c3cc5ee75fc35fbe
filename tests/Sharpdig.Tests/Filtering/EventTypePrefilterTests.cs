using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Sharpdig.Filtering;
using Sharpdig.State;
using Xunit;

namespace Sharpdig.Tests.Filtering;

/// <summary>The event-type prefilter only ever skips events the filter itself would reject.</summary>
public class EventTypePrefilterTests
{
    public static TheoryData<string> Filters() =>
    [
        "evt.type=open",
        "evt.type!=open",
        "not evt.type=open",
        "evt.type in (open, close, clock_gettime)",
        "evt.type=clock_gettime",
        "fd.type=file and evt.is_io=true",
        "evt.is_io=true or proc.name=curl",
        "not (evt.is_io_read=true and evt.dir=<)",
        "evt.dir=> and not evt.type=mmap",
        "(evt.type=open or evt.type=close) and fd.name contains /etc",
        "not (evt.type=open or proc.name=curl)",
        "proc.name=curl and not evt.is_wait=true",
        "(evt.type=read or evt.type=write) and evt.failed=false",
        "evt.is_io_write=false and not evt.type in (mmap, munmap)",
        "evt.type=switch or evt.type=procexit",
        "evt.type=procinfo",
        "evt.type=mprotect and evt.dir=<",
        "evt.type in (clock_gettime, mmap) or evt.is_io=true",
    ];

    [SkippableTheory]
    [MemberData(nameof(Filters))]
    public void Agrees_with_the_filter_without_it(string text)
    {
        var root = FilterParser.Parse(text);
        var fast = FilterCompiler.Compile(root, text);
        var exact = FilterCompiler.CompileWithoutPrefilter(root, text);
        var certain = CompiledFilter.Compile(text).CertainTypes;
        int compared = 0, matched = 0;
        foreach (var path in Directory.GetFiles(TestPaths.RequireShared("corpus"), "*.scap"))
        {
            using var reader = new ScapFileReader(path);
            var engine = new StateEngine();
            engine.Import(reader.Metadata);
            var record = new EventRecord();
            while (reader.TryReadNext(record))
            {
                var ctx = engine.Apply(record);
                bool expected = exact(ctx);
                Assert.True(expected == fast(ctx), $"{Path.GetFileName(path)} event {record.Number} ({record.Info.Name}): prefiltered filter says {!expected}");
                if (certain is not null && certain[record.Type])
                    Assert.True(expected, $"{Path.GetFileName(path)} event {record.Number} ({record.Info.Name}): the filter fails a type it is certain of");
                compared++;
                if (expected) matched++;
            }
        }
        Assert.True(compared > 1000, $"only {compared} events compared");
    }

    [Fact]
    public void Rules_out_the_types_a_type_only_check_never_accepts()
    {
        const string text = "fd.type=file and evt.is_io=true";
        var types = FilterCompiler.PossibleTypes(FilterParser.Parse(text), text);
        Assert.NotNull(types);
        Assert.True(types![EventTable.Codes.ReadX]);
        Assert.True(types[EventTable.Codes.WriteE]);
        Assert.False(types[EventTable.Codes.OpenX]);
        Assert.True(types[EventTable.Codes.GenericX]);   // generic events are never ruled out

        Assert.Null(FilterCompiler.PossibleTypes(FilterParser.Parse("proc.name=curl"), "proc.name=curl"));
        const string either = "evt.is_io=true or proc.name=curl";   // the other side may accept any type
        Assert.Null(FilterCompiler.PossibleTypes(FilterParser.Parse(either), either));
        const string negated = "not evt.type=open";
        var notOpen = FilterCompiler.PossibleTypes(FilterParser.Parse(negated), negated);
        Assert.False(notOpen![EventTable.Codes.OpenE]);
        Assert.True(notOpen[EventTable.Codes.CloseE]);
    }

    [Fact]
    public void Is_certain_only_of_filters_on_the_type_alone()
    {
        var procinfo = CompiledFilter.Compile("evt.type=procinfo").CertainTypes;
        Assert.NotNull(procinfo);
        Assert.True(procinfo![EventTable.Codes.ProcInfoE]);
        Assert.Equal(1, procinfo.Count(b => b));

        var notOpen = CompiledFilter.Compile("evt.type!=open and evt.dir=<").CertainTypes;
        Assert.True(notOpen![EventTable.Codes.CloseX]);
        Assert.False(notOpen[EventTable.Codes.OpenX]);
        Assert.False(notOpen[EventTable.Codes.CloseE]);
        Assert.False(notOpen[EventTable.Codes.GenericX]);   // its name comes from a parameter

        // Another check could keep state as it runs (or fail): the filter must run.
        Assert.Null(CompiledFilter.Compile("evt.type=procinfo and thread.exectime>0").CertainTypes);
        Assert.Null(CompiledFilter.Compile("evt.type=procinfo or proc.name=curl").CertainTypes);
        Assert.Null(CompiledFilter.Compile("fd.type=file and evt.is_io=true").CertainTypes);
    }
}
