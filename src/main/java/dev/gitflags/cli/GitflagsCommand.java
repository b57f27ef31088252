package dev.gitflags.cli;

public class GitflagsCommand {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
