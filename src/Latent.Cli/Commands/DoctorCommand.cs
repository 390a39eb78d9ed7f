using System.CommandLine;
using System.Runtime.InteropServices;
using Latent.Data;
using Latent.Distributed;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary><c>latent doctor</c>: reports what this machine gives Latent to run on.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Show the .NET runtime, SIMD width, BLAS library and whether Fashion-MNIST is installed");
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        using var world = MpiWorld.LaunchedByMpirun && MpiWorld.LibraryAvailable ? MpiWorld.Init() : null;
        string mpi = DoctorMpi.Describe(world);
        if (world is { IsRoot: false }) return 0; // under mpirun, rank 0 speaks for all
        Console.WriteLine($"Latent      {typeof(Latent.Tensors.Tensor).Assembly.GetName().Version}");
        Console.WriteLine($".NET        {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
        Console.WriteLine($"Cores       {Environment.ProcessorCount} (kernel threads {EngineInfo.KernelThreads})");
        Console.WriteLine($"SIMD        {EngineInfo.SimdDescription}");
        if (EngineInfo.UsesOpenBlas)
        {
            Console.WriteLine($"BLAS        OpenBLAS at {EngineInfo.BlasPath}, {EngineInfo.BlasThreads} threads");
            if (EngineInfo.BlasConfig is { } config) Console.WriteLine($"            {config.Trim()}");
        }
        else
        {
            Console.WriteLine("BLAS        OpenBLAS not found: matrix products use the managed SIMD GEMM (slower).");
            Console.WriteLine("            Install it with: apt-get install libopenblas0-pthread");
        }
        var env = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        if (env != null) Console.WriteLine($"            OPENBLAS_CORETYPE={env}");
        Console.WriteLine(EngineInfo.OneDnnVersion is { } dnnl
            ? $"Conv        oneDNN {dnnl} for layers of ≥ 32 channels with 3×3+ kernels, im2col + BLAS for the rest (LATENT_ONEDNN=off: im2col only)"
            : "Conv        im2col + BLAS (oneDNN not found: apt-get install libdnnl2 for faster large convolutions)");
        Console.WriteLine(Latent.Tensors.TensorMemory.PoolingEnabled
            ? "Memory      large tensor buffers are recycled (LATENT_STORAGE_POOL=off turns this off)"
            : "Memory      buffer recycling is off (LATENT_STORAGE_POOL=off)");
        try
        {
            Console.WriteLine($"Data        Fashion-MNIST in {FashionMnist.FindDirectory()}");
        }
        catch (DatasetNotFoundException)
        {
            Console.WriteLine($"Data        Fashion-MNIST not found in {string.Join(", ", FashionMnist.CandidateDirectories())}. " +
                $"Install it with: {FashionMnist.InstallCommand}");
        }
        Console.WriteLine($"MPI         {mpi}");
        return 0;
    }
}
