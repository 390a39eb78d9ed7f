using Latent.Data;
using Latent.Training;

namespace Latent.Models.Catalog;

/// <summary>A model ready to train with its data: training batches and optional held-out batches for evaluation.</summary>
public sealed record TrainingSetup(TrainableModel Model, DataLoader Train, DataLoader? Test);
