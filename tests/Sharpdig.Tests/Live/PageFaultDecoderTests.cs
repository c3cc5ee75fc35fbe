using System.Buffers.Binary;
using Sharpdig.Capture.Live;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>page_fault without root: the x86 error-code conversion, the record decoder, and when the programs attach.</summary>
public sealed class PageFaultDecoderTests
{
    [Theory]
    // x86 error code -> pf_flags (1 PROTECTION_VIOLATION, 2 PAGE_NOT_PRESENT, 4 WRITE_ACCESS,
    // 8 READ_ACCESS, 16 USER_FAULT, 32 SUPERVISOR_FAULT, 64 RESERVED_PAGE, 128 INSTRUCTION_FETCH)
    [InlineData(0x0ul, 2u | 8 | 32)]           // kernel read of a missing page
    [InlineData(0x6ul, 2u | 4 | 16)]           // user write of a missing page (fresh anonymous memory)
    [InlineData(0x4ul, 2u | 8 | 16)]           // user read of a missing page
    [InlineData(0x7ul, 1u | 4 | 16)]           // user write to a read-only page (copy on write)
    [InlineData(0x14ul, 2u | 8 | 16 | 128)]    // user instruction fetch
    [InlineData(0x15ul, 1u | 8 | 16 | 128)]    // user fetch from a no-exec page
    [InlineData(0x9ul, 1u | 8 | 32 | 64)]      // reserved bit set in a paging entry
    [InlineData(0x8027ul, 1u | 4 | 16)]        // protection-key and SGX bits have no scap name
    public void X86ErrorCodeBecomesPfFlags(ulong error, uint flags) =>
        Assert.Equal(flags, PageFaultFlags.FromX86ErrorCode(error));

    [Fact]
    public void RecordBecomesPageFaultEvent()
    {
        var raw = new byte[KernelRecord.HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(raw, 1_000_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(8), 4242);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(12), 4242);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(16), (uint)raw.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(20), 6);
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(24), 0x7F12_3456_7000);   // address
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(32), 0x5555_5555_1234);   // ip
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(40), 0x6);                // user write, not present
        var d = new LiveEventDecoder();
        int len = d.Decode(raw, out _);
        Assert.True(len > 0);
        var rec = new EventRecord();
        rec.Load(d.Buffer.AsSpan(0, len).ToArray(), 0, len, 0, 0);
        Assert.Equal("page_fault", rec.Info.Name);
        Assert.Equal(4242, rec.ThreadId);
        Assert.Equal(3, rec.DeclaredParamCount);
        Assert.Equal(0x7F12_3456_7000UL, BinaryPrimitives.ReadUInt64LittleEndian(rec.GetParam(0)));
        Assert.Equal(0x5555_5555_1234UL, BinaryPrimitives.ReadUInt64LittleEndian(rec.GetParam(1)));
        Assert.Equal(22u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(2)));
    }

    [Fact]
    public void PageFaultProgramsAttachOnlyWhenAskedAndNotFilteredOut()
    {
        static bool HasPf(IEnumerable<string> programs) =>
            programs.Contains("page_fault_user") && programs.Contains("page_fault_kernel");
        // Never by default, with or without a filter.
        Assert.Equal(["sched_switch", "signal_deliver"], TracepointEvents.ProgramsFor(null, pageFaults: false));
        var pf = KernelSyscallSelection.FromFilter("evt.type=page_fault")!;
        Assert.DoesNotContain(TracepointEvents.ProgramsFor(r => pf(r.Name), pageFaults: false), p => p.StartsWith("page_fault"));
        // --page-faults: with no filter, and with a filter that can match page_fault.
        Assert.True(HasPf(TracepointEvents.ProgramsFor(null, pageFaults: true)));
        Assert.True(HasPf(TracepointEvents.ProgramsFor(r => pf(r.Name), pageFaults: true)));
        Assert.Equal(["page_fault_user", "page_fault_kernel"], TracepointEvents.ProgramsFor(r => pf(r.Name), pageFaults: true));
        var either = KernelSyscallSelection.FromFilter("evt.type in (page_fault, openat) and proc.name=x")!;
        Assert.True(HasPf(TracepointEvents.ProgramsFor(r => either(r.Name), pageFaults: true)));
        // --page-faults with a filter that rules page_fault out.
        var open = KernelSyscallSelection.FromFilter("evt.type=openat")!;
        Assert.Empty(TracepointEvents.ProgramsFor(r => open(r.Name), pageFaults: true));
        var notPf = KernelSyscallSelection.FromFilter("evt.type!=page_fault and evt.dir=<")!;
        Assert.False(notPf("page_fault"));
    }
}
