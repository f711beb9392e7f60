#!/usr/bin/env python
from tongxin.cli import main

if __name__ == "__main__":
    main()
