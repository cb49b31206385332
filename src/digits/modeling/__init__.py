"""Stage 2, the networks: builders and the catalogue of the project's networks, augmentation,
the public recipes, training (seeding, precision, kernel choice, schedules, snapshots, the
ensemble's members), training histories, and saving and loading trained models."""
