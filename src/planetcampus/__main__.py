from planetcampus.cli import main

main()
