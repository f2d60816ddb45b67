int main(void) { return 3; } /* placeholder */
