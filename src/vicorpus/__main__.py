from vicorpus.cli import main

main()
