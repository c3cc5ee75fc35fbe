namespace Sharpdig.Cli;

/// <summary>
/// The sort of GCC's libstdc++ (`std::sort`: introsort, median-of-three pivot, heapsort past the
/// depth limit, insertion sort for the last runs of 16), step for step. It is not stable, and sysdig
/// prints some tables in the order it leaves equal elements in, so matching that output means
/// sorting the same way rather than with any correct sort.
/// </summary>
public static class CxxIntroSort
{
    private const int Threshold = 16;

    /// <summary>Sorts <paramref name="a"/> with <paramref name="less"/> (a strict weak order).</summary>
    public static void Sort<T>(T[] a, Func<T, T, bool> less)
    {
        int n = a.Length;
        if (n == 0) return;
        IntroLoop(a, 0, n, 2 * FloorLog2(n), less);
        FinalInsertion(a, 0, n, less);
    }

    private static int FloorLog2(int n) => 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);

    private static void IntroLoop<T>(T[] a, int first, int last, int depth, Func<T, T, bool> less)
    {
        while (last - first > Threshold)
        {
            if (depth == 0)
            {
                HeapSort(a, first, last, less);
                return;
            }
            depth--;
            int cut = PartitionPivot(a, first, last, less);
            IntroLoop(a, cut, last, depth, less);
            last = cut;
        }
    }

    private static int PartitionPivot<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        int mid = first + (last - first) / 2;
        MoveMedianToFirst(a, first, first + 1, mid, last - 1, less);
        return UnguardedPartition(a, first + 1, last, first, less);
    }

    private static void MoveMedianToFirst<T>(T[] a, int result, int x, int y, int z, Func<T, T, bool> less)
    {
        int pick;
        if (less(a[x], a[y]))
            pick = less(a[y], a[z]) ? y : less(a[x], a[z]) ? z : x;
        else
            pick = less(a[x], a[z]) ? x : less(a[y], a[z]) ? z : y;
        (a[result], a[pick]) = (a[pick], a[result]);
    }

    private static int UnguardedPartition<T>(T[] a, int first, int last, int pivot, Func<T, T, bool> less)
    {
        while (true)
        {
            while (less(a[first], a[pivot])) first++;
            last--;
            while (less(a[pivot], a[last])) last--;
            if (first >= last) return first;
            (a[first], a[last]) = (a[last], a[first]);
            first++;
        }
    }

    private static void FinalInsertion<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        if (last - first > Threshold)
        {
            Insertion(a, first, first + Threshold, less);
            for (int i = first + Threshold; i < last; i++) UnguardedLinearInsert(a, i, less);
        }
        else Insertion(a, first, last, less);
    }

    private static void Insertion<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        if (first == last) return;
        for (int i = first + 1; i < last; i++)
        {
            if (less(a[i], a[first]))
            {
                T v = a[i];
                Array.Copy(a, first, a, first + 1, i - first);
                a[first] = v;
            }
            else UnguardedLinearInsert(a, i, less);
        }
    }

    private static void UnguardedLinearInsert<T>(T[] a, int last, Func<T, T, bool> less)
    {
        T v = a[last];
        int next = last - 1;
        while (less(v, a[next]))
        {
            a[last] = a[next];
            last = next;
            next--;
        }
        a[last] = v;
    }

    // ---- heapsort (std::__partial_sort over the whole range) ----

    private static void HeapSort<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        MakeHeap(a, first, last, less);
        while (last - first > 1)
        {
            last--;
            PopHeap(a, first, last, last, less);
        }
    }

    private static void MakeHeap<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        int len = last - first;
        if (len < 2) return;
        for (int parent = (len - 2) / 2; ; parent--)
        {
            AdjustHeap(a, first, parent, len, a[first + parent], less);
            if (parent == 0) return;
        }
    }

    private static void PopHeap<T>(T[] a, int first, int last, int result, Func<T, T, bool> less)
    {
        T v = a[result];
        a[result] = a[first];
        AdjustHeap(a, first, 0, last - first, v, less);
    }

    private static void AdjustHeap<T>(T[] a, int first, int hole, int len, T v, Func<T, T, bool> less)
    {
        int top = hole, child = hole;
        while (child < (len - 1) / 2)
        {
            child = 2 * (child + 1);
            if (less(a[first + child], a[first + child - 1])) child--;
            a[first + hole] = a[first + child];
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2)
        {
            child = 2 * (child + 1);
            a[first + hole] = a[first + child - 1];
            hole = child - 1;
        }
        // push the value back up towards `top`
        int parent = (hole - 1) / 2;
        while (hole > top && less(a[first + parent], v))
        {
            a[first + hole] = a[first + parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[first + hole] = v;
    }
}
