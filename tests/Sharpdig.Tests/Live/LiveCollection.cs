using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>
/// Live captures see the whole machine: run them alone, after the parallel tests, so the suite's
/// own load (harness runs, sysdig comparisons) does not overflow the ring and cause drops.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCollection
{
    public const string Name = "live capture";
}
